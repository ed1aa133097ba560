# The account's logging, as Terraform. good-change.plan.json and bad-change.plan.json are the JSON plans
# (terraform show -json) of two pull requests against this configuration; judge them with
#   trailwise plan examples/terraform/good-change.plan.json --base examples/snapshots/neglected-account.json --source-dir examples/terraform
provider "aws" {
  region = "us-east-1"
}

# The trail the account has had for years (single-Region, no validation): the good change adds an organization-grade
# trail beside it; the bad change stops it logging.
resource "aws_cloudtrail" "legacy" {
  name           = "legacy-trail"
  s3_bucket_name = "legacy-cloudtrail-333333333333"
  enable_logging = true
}

module "logs" {
  source      = "./modules/logging"
  trail_name  = "org-trail"
  bucket_name = "acme-org-trail-logs-333333333333"
}
