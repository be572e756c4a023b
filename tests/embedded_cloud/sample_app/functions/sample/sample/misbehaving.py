import os
import time


def sleep(event, context):
    time.sleep(3)
    return {"statusCode": 200, "body": "too late"}


def crash(event, context):
    os._exit(3)
