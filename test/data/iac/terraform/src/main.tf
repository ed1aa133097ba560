# Root module of the fixture plan (logging-change.plan.json); only the block headers matter to the locator.
provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

module "logs" {
  source      = "./modules/logging"
  trail_name  = "org-trail"
  bucket_name = "acme-org-trail-logs"
}

resource "aws_cloudwatch_log_group" "app" {
  for_each          = var.app_log_groups
  name              = each.key
  retention_in_days = each.value
  kms_key_id        = var.app_kms_key
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = data.aws_iam_role.config.arn
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector" "us" {
  provider = aws.us
  enable   = true
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
