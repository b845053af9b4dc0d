import { z } from 'zod';
import { ProviderKindSchema, type ProviderConfig } from '../core/contract/settings';
import { log } from '../core/log/logger';
import type { KeyStore } from './key-store';
import { endpointOf, type ProviderEndpoint } from './provider-endpoint';

/**
 * The AI key, bound to the endpoint it was saved for (the address's origin and the provider
 * kind). Anyone who can change the settings could otherwise point the address at a server
 * of their own and press Test connection: the saved key went with the request (issue 13).
 * Now a key is handed out only for the endpoint it was typed for; a changed address or kind
 * needs the key typed again. The binding is stored with the key, inside the key store (on
 * the desktop sealed by the OS with it), so it cannot be edited apart from the key. The app
 * never falls back to a key from the environment.
 */
export interface ProviderKeys {
  /** The saved key, if it was saved for this configuration's endpoint; otherwise null. */
  keyFor(config: ProviderConfig | null): string | null;
  /** A key is saved, but not for this endpoint: it has to be typed again here. */
  savedForAnother(config: ProviderConfig | null): boolean;
  /** Saves the key for this configuration's endpoint (replacing any other). */
  save(key: string, config: ProviderConfig): void;
  clear(): void;
  /** Whether a key saved now is still there after a restart. */
  persistent(): boolean;
}

const BoundKeySchema = z.object({ v: z.literal(1), key: z.string().min(1), kind: ProviderKindSchema, origin: z.string().min(1) }).strict();
type BoundKey = z.infer<typeof BoundKeySchema>;

const klog = log.child({ scope: 'provider-key' });

function parse(stored: string | null): BoundKey | 'unbound' | null {
  if (stored === null) return null;
  try {
    const parsed = BoundKeySchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: a bare key saved before keys were bound.
  }
  return 'unbound';
}

const same = (a: ProviderEndpoint, b: Pick<BoundKey, 'kind' | 'origin'>) => a.kind === b.kind && a.origin === b.origin;

/**
 * `providerAtStart` is the configuration when the app starts: a bare key saved by an
 * earlier version is bound to it once (it was saved for what the settings then named), so
 * an update does not make IT type the key again. Without a usable configuration then, a
 * bare key is never handed out.
 */
export function bindKeyToEndpoint(inner: KeyStore, providerAtStart: ProviderConfig | null): ProviderKeys {
  const atStart = endpointOf(providerAtStart);
  const legacy = parse(inner.get());
  if (legacy === 'unbound' && atStart) {
    const key = inner.get()!;
    try {
      inner.set(JSON.stringify({ v: 1, key, kind: atStart.kind, origin: atStart.origin } satisfies BoundKey));
      klog.info('saved key bound to the configured endpoint', { kind: atStart.kind });
    } catch {
      // Could not be rewritten (no OS protection this session): it stays bare and unused.
    }
  }

  const current = () => parse(inner.get());
  return {
    keyFor(config) {
      const endpoint = endpointOf(config);
      const bound = current();
      if (!endpoint || !bound || bound === 'unbound') return null;
      return same(endpoint, bound) ? bound.key : null;
    },
    savedForAnother(config) {
      const bound = current();
      if (!bound) return false;
      if (bound === 'unbound') return true;
      const endpoint = endpointOf(config);
      return !endpoint || !same(endpoint, bound);
    },
    save(key, config) {
      const endpoint = endpointOf(config);
      if (!endpoint) throw new Error('no endpoint to bind the key to');
      inner.set(JSON.stringify({ v: 1, key, kind: endpoint.kind, origin: endpoint.origin } satisfies BoundKey));
    },
    clear: () => inner.clear(),
    persistent: () => inner.persistent(),
  };
}
