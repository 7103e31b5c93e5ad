"""One LogicMonitor API token from Python, through the pulumi-resource-logicmonitor plugin.

The `pulumi_logicmonitor` SDK is generated from the plugin's schema (sdk/python; scripts/gen-sdk).
"""
import pulumi
import pulumi_logicmonitor as logicmonitor

config = pulumi.Config()
token = logicmonitor.ApiToken(
    "ci-bot",
    admin_id=config.get_int("adminId") or 32,
    note=config.get("note") or "CI deploys",
)

pulumi.export("tokenId", token.token_id)
pulumi.export("adminName", token.admin_name)
pulumi.export("accessId", token.access_id)
# A secret: the schema marks accessKey secret, and the plugin returns it as one.
pulumi.export("accessKey", token.access_key)
