/**
 * Every client not yet closed, for `IProtoClient.disconnectAll()` (Perl's `disconnect_all`, the fork
 * helper). Held weakly: a client dropped without `close()` is not kept alive by the registry.
 */
export interface Disconnectable {
  disconnectAll(): void;
}

const clients = new Set<WeakRef<Disconnectable>>();

export function register(client: Disconnectable): WeakRef<Disconnectable> {
  const ref = new WeakRef(client);
  clients.add(ref);
  return ref;
}

export function unregister(ref: WeakRef<Disconnectable>): void {
  clients.delete(ref);
}

export function disconnectEveryClient(): void {
  for (const ref of [...clients]) {
    const client = ref.deref();
    if (client === undefined) clients.delete(ref);
    else client.disconnectAll();
  }
}
