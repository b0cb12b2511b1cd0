/**
 * The signed-in frame's chunk (SignedInShell.tsx, ADR 0031), from the first load's side:
 * loadSignedInShell() fetches it once (App.tsx calls it as soon as someone is signed in, and
 * connects the socket after it), and signedIn("Bell") is one of its parts as a component that
 * shows nothing until the chunk is here. Render parts only for a signed-in person: rendering one
 * fetches the chunk, which a guest's visit must not load.
 */
import { createComponent, createSignal, Show, type Component } from "solid-js";
import { loadOnce } from "../lib/load-once.ts";

type Shell = typeof import("./SignedInShell.tsx");
type Part = { [K in keyof Shell]: Shell[K] extends Component<any> ? K : never }[keyof Shell];

const [shell, setShell] = createSignal<Shell>();

/** Offline: the next part shown, or the next sign-in, tries again. */
export const loadSignedInShell: () => Promise<Shell> = loadOnce(() =>
  import("./SignedInShell.tsx").then((m) => {
    setShell(() => m);
    return m;
  }),
);

export function signedIn<K extends Part>(name: K): Shell[K] {
  const Part = (props: Record<string, unknown>) => {
    loadSignedInShell().catch(() => undefined);
    return <Show when={shell()}>{(m) => createComponent(m()[name] as Component<any>, props)}</Show>;
  };
  return Part as unknown as Shell[K];
}
