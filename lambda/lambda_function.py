"""AWS Lambda entry point (handler `lambda_function.lambda_handler`): wiring only."""

import logging
import os

from secure_differentiation.hosts.aws_lambda import lambda_handler

# The Lambda runtime installs a log handler on the root logger; set its level here.
logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))

__all__ = ["lambda_handler"]
