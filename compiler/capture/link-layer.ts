/**
 * From a captured packet to its IP packet, for the link types tcpdump writes on the hosts the family
 * runs on. Anything that is not IP (ARP, LLDP...) is silently not ours.
 */
import { u16be, u32 } from "./binary.js";

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
/** AF_INET is 2 everywhere; AF_INET6 is 10 on Linux, 24/28/30 on the BSDs and macOS. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

export type LinkResult =
  | { readonly kind: "ip"; readonly offset: number }
  | { readonly kind: "not-ip" }
  | { readonly kind: "undecodable"; readonly message: string }
  | { readonly kind: "unsupported" };

export function isSupportedLinkType(linkType: number): boolean {
  return (Object.values(LINKTYPE) as number[]).includes(linkType);
}

function byEtherType(etherType: number, offset: number): LinkResult {
  return etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6 ? { kind: "ip", offset } : { kind: "not-ip" };
}

function tooShort(what: string, length: number): LinkResult {
  return { kind: "undecodable", message: `${what} header needs more than the ${length} captured bytes` };
}

function byFamily(family: number, length: number): LinkResult {
  if (length < 4) return tooShort("loopback", length);
  return family === AF_INET || AF_INET6.has(family) ? { kind: "ip", offset: 4 } : { kind: "not-ip" };
}

/** Where the IP header starts in `data`, per link type. */
export function ipOffset(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      let offset = 12;
      if (data.length < offset + 2) return tooShort("Ethernet", data.length);
      let etherType = u16be(data, offset);
      // 802.1Q / 802.1ad tags, possibly stacked (QinQ): each is 4 bytes before the real type.
      for (let tags = 0; VLAN_TAGS.has(etherType) && tags < 4; tags++) {
        offset += 4;
        if (data.length < offset + 2) return tooShort("VLAN tag", data.length);
        etherType = u16be(data, offset);
      }
      return byEtherType(etherType, offset + 2);
    }
    case LINKTYPE.LINUX_SLL:
      if (data.length < 16) return tooShort("Linux cooked (SLL)", data.length);
      return byEtherType(u16be(data, 14), 16);
    case LINKTYPE.LINUX_SLL2:
      if (data.length < 20) return tooShort("Linux cooked (SLL2)", data.length);
      return byEtherType(u16be(data, 0), 20);
    case LINKTYPE.NULL: {
      // DLT_NULL's family is in the capturing host's byte order, which the file does not record.
      const little = u32(data, 0, true);
      return byFamily(little === AF_INET || AF_INET6.has(little) ? little : u32(data, 0, false), data.length);
    }
    case LINKTYPE.LOOP:
      return byFamily(u32(data, 0, false), data.length);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSD:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return { kind: "ip", offset: 0 };
    default:
      return { kind: "unsupported" };
  }
}
