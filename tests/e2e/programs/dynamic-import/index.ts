import { ApiToken } from "pulumi-logicmonitor-apitoken";

new ApiToken("legacy", { adminId: 32 }, { import: "32/17" });
