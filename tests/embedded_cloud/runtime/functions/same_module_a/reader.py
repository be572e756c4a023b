import settings


def handler(event, context):
    return {"owner": settings.OWNER, "file": settings.__file__}
