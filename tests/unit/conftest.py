"""The unit tier's environment, one value for every context (conftests and modules of several contexts are
imported into one process, so a per-context default would depend on which was collected first)."""

import os

os.environ.setdefault("MEDIA_BASE_URL", "http://127.0.0.1:3000/media")


def _share_botocore_data() -> None:
    """Every botocore session of the unit tier reads botocore's data files through one loader, so each file is
    parsed once per process. moto's mock_aws drops boto3's default session at each start, and the stores' and
    functions' code makes sessions of its own (pynamodb, powertools' SSM provider): each new session parsed
    endpoints.json and the service models again, a third of the tier's CPU. A loader only reads files (its
    caches hand every session's clients the same parsed data already), so sharing it changes no answer."""
    from functools import cache

    import botocore.session

    botocore.session.create_loader = cache(botocore.session.create_loader)


_share_botocore_data()
