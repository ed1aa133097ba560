resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "trail" {
  bucket              = var.bucket_name
  object_lock_enabled = true
  tags                = { team = "security" }
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudwatch_log_group" "trail" {
  count             = 1
  name              = var.trail_name
  retention_in_days = 365
  kms_key_id        = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "main" {
  for_each                   = { org = "org-trail" }
  name                       = var.trail_name
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail[0].arn}:*"
  tags                       = { team = "security" }

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}

variable "trail_name" {
  type = string
}

variable "bucket_name" {
  type = string
}
