from aws_lambda_powertools import Logger, Tracer

logger = Logger(service="runtime-test")
tracer = Tracer(service="runtime-test")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event, context):
    logger.info("handled")
    return "ok"
