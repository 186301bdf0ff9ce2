/**
 * One direction of a TCP connection, put back in order: retransmitted bytes are dropped, segments
 * that arrive early wait (up to a byte budget), and what never arrives becomes a gap. Stream offsets
 * count from the first byte after the SYN, or from the first byte seen when the SYN was not captured.
 */
export interface StreamSink<Origin> {
  data(bytes: Uint8Array, origin: Origin): void;
  gap(missing: number): void;
}

/** Early segments held at most, whatever their bytes: bounds the work of tiny hostile segments. */
const MAX_PENDING_SEGMENTS = 4096;

interface Pending<Origin> {
  readonly start: number;
  readonly bytes: Uint8Array;
  /** Bytes the packet carried beyond `bytes` that the capture cut off. */
  readonly lost: number;
  readonly origin: Origin;
}

export class TcpReassembler<Origin> {
  /** Sequence number of stream offset 0; undefined until the SYN or the first byte. */
  private baseSeq: number | undefined;
  private next = 0;
  private pending: Pending<Origin>[] = [];
  private pendingBytes = 0;
  private finAt: number | undefined;
  /** The SYN of this direction was seen: offset 0 is a frame boundary. */
  handshake = false;

  constructor(
    private readonly sink: StreamSink<Origin>,
    private readonly maxPendingBytes: number,
  ) {}

  get started(): boolean {
    return this.baseSeq !== undefined;
  }

  /** Every byte up to the FIN has been delivered. */
  get finished(): boolean {
    return this.finAt !== undefined && this.next >= this.finAt;
  }

  /** Whether a SYN with `seq` would start a different stream from this one (not a retransmitted SYN). */
  isNewSyn(seq: number): boolean {
    return this.baseSeq !== undefined && this.baseSeq !== ((seq + 1) >>> 0);
  }

  syn(seq: number): void {
    if (this.baseSeq !== undefined) return;
    this.baseSeq = (seq + 1) >>> 0;
    this.handshake = true;
  }

  /** `payloadLength` may exceed `bytes.length` when the capture cut the packet. */
  segment(seq: number, bytes: Uint8Array, payloadLength: number, fin: boolean, origin: Origin): void {
    if (this.baseSeq === undefined) {
      if (payloadLength === 0 && !fin) return;
      this.baseSeq = seq;
    }
    const start = this.offsetOf(seq);
    if (fin && this.finAt === undefined) this.finAt = start + payloadLength;
    if (payloadLength === 0) return;
    const entry: Pending<Origin> = { start, bytes, lost: payloadLength - bytes.length, origin };
    if (start <= this.next) {
      this.deliver(entry);
      this.drain();
      return;
    }
    if (this.pending.some((p) => p.start === start && p.bytes.length + p.lost >= payloadLength)) return;
    let at = this.pending.length;
    while (at > 0 && (this.pending[at - 1] as Pending<Origin>).start > start) at--;
    this.pending.splice(at, 0, entry);
    this.pendingBytes += payloadLength;
    // Past the budget the hole will not be filled in time: declare it lost and go on.
    while ((this.pendingBytes > this.maxPendingBytes || this.pending.length > MAX_PENDING_SEGMENTS) && this.pending.length > 0) this.skipToPending();
  }

  /** No more segments will come: what waits is delivered around its holes. */
  close(): void {
    while (this.pending.length > 0) this.skipToPending();
  }

  private offsetOf(seq: number): number {
    const expected = ((this.baseSeq as number) + this.next) >>> 0;
    // Signed 32-bit distance from the next expected byte: sequence numbers wrap.
    return this.next + ((seq - expected) | 0);
  }

  private deliver(entry: Pending<Origin>): void {
    const end = entry.start + entry.bytes.length + entry.lost;
    if (end <= this.next) return;
    const trim = this.next - entry.start;
    if (trim < entry.bytes.length) {
      this.sink.data(trim > 0 ? entry.bytes.subarray(trim) : entry.bytes, entry.origin);
      if (entry.lost > 0) this.sink.gap(entry.lost);
    } else {
      this.sink.gap(end - this.next);
    }
    this.next = end;
  }

  private drain(): void {
    while (this.pending.length > 0 && (this.pending[0] as Pending<Origin>).start <= this.next) {
      const entry = this.pending.shift() as Pending<Origin>;
      this.pendingBytes -= entry.bytes.length + entry.lost;
      this.deliver(entry);
    }
  }

  private skipToPending(): void {
    const first = this.pending[0] as Pending<Origin>;
    if (first.start > this.next) {
      this.sink.gap(first.start - this.next);
      this.next = first.start;
    }
    this.drain();
  }
}
