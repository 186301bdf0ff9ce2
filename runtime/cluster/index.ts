/** Balancing with MR::IProto::Cluster parity: server lists, round-robin, hash-crc32, ketama. */
export { createBalancer, type Balancer, type BalanceMode, type BalancerOptions } from "./balancer.js";
export { crc32 } from "./crc32.js";
export { badHost, parseServers, type ServerAddress } from "./servers.js";
