"""Uploads in an S3-compatible object store (DJANGO_STORAGE=s3), against a real S3 server
on this machine: moto's standalone server, which speaks the S3 protocol over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "giaoban-test", "AWS_SECRET_ACCESS_KEY": "giaoban-secret"}

SCRIPT = """
import json
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

first = default_storage.save("reports/bao-cao.txt", ContentFile("Báo cáo quý I/2024".encode()))
second = default_storage.save("reports/bao-cao.txt", ContentFile(b"another"))
with default_storage.open(first, "rb") as handle:
    content = handle.read().decode()
print(json.dumps({
    "backend": type(default_storage._wrapped).__module__,
    "first": first,
    "second": second,
    "content": content,
    "url": default_storage.url(first),
    "listing": default_storage.listdir("reports"),
}))
"""


@pytest.fixture
def s3_server():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # moto[server] needs Flask and Werkzeug
        pytest.skip(f"moto's S3 server cannot be imported: {error}")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
    except OSError as error:
        pytest.skip(f"moto's S3 server cannot start: {error}")
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server):
    import boto3

    name = f"giaoban-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name)
    return client, name


def test_uploads_are_saved_and_read_back_through_the_object_store(s3_server, bucket):
    client, name = bucket
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.update(
        CREDENTIALS,
        DJANGO_SETTINGS_MODULE="giaoban.settings",
        DJANGO_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=name,
        AWS_S3_ENDPOINT_URL=s3_server,
        AWS_S3_REGION_NAME="us-east-1",
    )

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout.strip().splitlines()[-1])
    assert saved["backend"] == "storages.backends.s3"
    assert saved["content"] == "Báo cáo quý I/2024"
    # A second file of the same name does not replace the first.
    assert saved["first"] == "reports/bao-cao.txt"
    assert saved["second"] != saved["first"]
    assert sorted(saved["listing"][1]) == sorted(
        [Path(saved["first"]).name, Path(saved["second"]).name]
    )
    # The object is in the bucket, readable by its owner only.
    stored = client.get_object(Bucket=name, Key="reports/bao-cao.txt")["Body"].read()
    assert stored.decode() == "Báo cáo quý I/2024"
    grants = client.get_object_acl(Bucket=name, Key="reports/bao-cao.txt")["Grants"]
    assert all("AllUsers" not in json.dumps(grant) for grant in grants)
    # Links are signed and short-lived, never a bare public address.
    assert "X-Amz-Signature=" in saved["url"]
    assert "X-Amz-Expires=300" in saved["url"]
    with urllib.request.urlopen(saved["url"]) as response:
        assert response.read().decode() == "Báo cáo quý I/2024"
    unsigned = saved["url"].split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)
    assert refused.value.code == 403
