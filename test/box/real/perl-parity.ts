/**
 * What the MR::Tarantool::Box parity tests share: the Perl side (real-perl-peer.pl driving its own real
 * Tarantool 1.5 through a wire tap), a step's answer in the peer's words, and the frames to compare.
 * Call usePerlBox inside describeTarantool15.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { ServerError } from "../../../runtime/index.js";
import { PerlPeer } from "../../pack/perl-peer.js";
import { useTarantool15 } from "../../support/tarantool15.js";
import { WireTap, type TappedFrame } from "../../support/wire-tap.js";
import { DEADLINE_MS, SPACES_CFG, hex } from "./support.js";

/** One operation: the request line for real-perl-peer.pl, and the same through our client, answered in the peer's words. */
export interface ParityStep<C> {
  readonly perl: string;
  readonly ours: (client: C) => Promise<string>;
}

/** A ServerError in the peer's words; anything else fails the step. */
export async function answer<C>(step: ParityStep<C>, client: C): Promise<string> {
  try {
    return await step.ours(client);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    return `ERR ${error.returnCode.toString(16).toUpperCase().padStart(8, "0")} ${error.serverMessage}`;
  }
}

/** Frames of one direction as `msg body-hex`, sync aside. */
export const frames = (list: readonly TappedFrame[], direction: TappedFrame["direction"]): string[] =>
  list.filter((f) => f.direction === direction).map((f) => `${f.msg} ${hex(f.body)}`);

export interface PerlBox {
  /** Runs the steps through the peer (after connecting it); its answers, in order. */
  readonly ask: (steps: readonly Pick<ParityStep<unknown>, "perl">[]) => Promise<string[]>;
  /** The Perl side's frames. */
  readonly frames: () => readonly TappedFrame[];
}

/** A real Tarantool 1.5 with spaces.cfg, a tap in front of it and MR::Tarantool::Box (the peer) talking through it. */
export function usePerlBox(): PerlBox {
  const server = useTarantool15({ spaces: SPACES_CFG });
  let tap: WireTap | undefined;
  let peer: PerlPeer | undefined;
  beforeAll(async () => {
    tap = await WireTap.start(server());
    peer = new PerlPeer(fileURLToPath(new URL("../real-perl-peer.pl", import.meta.url)), DEADLINE_MS);
  });
  afterAll(async () => {
    await peer?.close();
    await tap?.close();
  });
  return {
    ask: async (steps) => {
      const [connected, ...answers] = await peer!.ask([`connect ${tap!.address}`, ...steps.map((s) => s.perl)]);
      if (connected !== "OK") throw new Error(`the Perl peer did not connect: ${connected}`);
      return answers;
    },
    frames: () => tap!.frames,
  };
}
