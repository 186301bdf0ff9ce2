/**
 * Runs once before the suite: the interop and parity tests need the Perl peers (MR::IProto,
 * MR::Tarantool::Box) and the capture tests tcpdump and tshark, so a fresh machine gets them installed here,
 * as `npm test` is all the README asks.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const script = fileURLToPath(new URL("../../.ci/install-test-peers.sh", import.meta.url));
  execFileSync("bash", [script], { stdio: "inherit" });
}
