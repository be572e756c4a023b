import no_such_dependency_anywhere  # noqa: F401


def handler(event, context):
    return "never"
