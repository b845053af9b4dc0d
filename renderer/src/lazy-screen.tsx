import { useEffect, useState, type ComponentType } from 'react';

export interface LazyScreen<P> {
  Screen: ComponentType<P>;
  /** Starts loading the screen's script (once; again after a failure). */
  preload(): Promise<void>;
}

/**
 * A screen whose script loads on demand. Not React.lazy: a Suspense boundary that has shown
 * its fallback holds the content back for up to 300 ms (React's reveal throttle), longer
 * than the script takes. This renders the screen at once when its script is already here
 * (preloaded while the gate checked the key) and nothing until it is otherwise.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const preload = (): Promise<void> => {
    loading ??= load().then(
      (component) => {
        loaded = component;
      },
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  };
  function Screen(props: P) {
    const [, setReady] = useState(!!loaded);
    const [failure, setFailure] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) return;
      let current = true;
      preload().then(
        () => current && setReady(true),
        (err: unknown) => current && setFailure(err),
      );
      return () => {
        current = false;
      };
    }, []);
    // As React.lazy does: a script that cannot be loaded is an error of the render.
    if (failure) throw failure;
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : null;
  }
  return { Screen, preload };
}
