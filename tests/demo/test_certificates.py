"""`flask contest signing-demo-cert` (run by `make run`) and the key config.py then picks up."""
from contest.certificates.signing import Pkcs12Signer
from contest.core import config


def test_the_demo_signing_certificate_is_made_once_and_config_uses_it(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNING_DEMO_FOLDER", str(tmp_path / "signing"))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["contest", "signing-demo-cert"])
    assert first.exit_code == 0, first.output
    assert "DEMO" in first.output and "Sidik jari SHA-256" in first.output
    p12 = tmp_path / "signing" / "demo.p12"
    made = p12.read_bytes()
    assert runner.invoke(args=["contest", "signing-demo-cert"]).exit_code == 0
    assert p12.read_bytes() == made  # kept, not replaced: issued certificates stay verifiable
    assert oct(p12.stat().st_mode & 0o777) == "0o600"

    values = config.from_environment(tmp_path, environ={})
    assert values["SIGNING_P12"] == str(p12)
    signer = Pkcs12Signer.from_file(values["SIGNING_P12"], values["SIGNING_P12_PASSWORD"])
    assert signer.describe().demo and signer.describe().self_signed
    installed = config.from_environment(tmp_path, environ={"SIGNING_P12": "/etc/contest/provinsi.p12"})
    assert installed["SIGNING_P12"] == "/etc/contest/provinsi.p12" and installed["SIGNING_P12_PASSWORD"] == ""
