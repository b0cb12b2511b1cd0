/**
 * The composer's attachments (attachments.ts) without their code on a first visit: the same
 * interface, empty until the first image is attached, which fetches the upload code and the tray
 * (AttachmentTray.tsx) once. Meanwhile the composer counts as busy, so a send waits for it. Must
 * run inside a component, as createAttachments.
 */
import { createSignal, getOwner, runWithOwner } from "solid-js";
import type { MediaInfo } from "../../../../shared/media.ts";
import { loadOnce } from "../../lib/load-once.ts";
import type { Attachment, Attachments } from "./attachments.ts";

type TrayModule = typeof import("./AttachmentTray.tsx");

export function createLazyAttachments() {
  const owner = getOwner();
  const [loaded, setLoaded] = createSignal<{ store: Attachments; Tray: TrayModule["AttachmentTray"] } | null>(null);
  const [loading, setLoading] = createSignal(false);
  // The upload code (lib/upload.ts, which attachments.ts fetches for the first upload) comes at the same time.
  const fetchCode = loadOnce(() =>
    Promise.all([import("./AttachmentTray.tsx"), import("../../lib/upload.ts")]).then(([m]) => {
      const store = runWithOwner(owner, () => m.createAttachments())!;
      setLoaded({ store, Tray: m.AttachmentTray });
      return store;
    }),
  );
  const load = () => {
    if (!loaded()) setLoading(true);
    return fetchCode().finally(() => setLoading(false));
  };
  const store = () => loaded()?.store;
  return {
    items: (): Attachment[] => store()?.items() ?? [],
    /** Starts uploading once the code is here; resolves false when that would go over the limit. */
    add: async (files: File[]): Promise<boolean> => (await load()).add(files),
    busy: () => loading() || !!store()?.busy(),
    ready: (): MediaInfo[] => store()?.ready() ?? [],
    clear: () => store()?.clear(),
    /** The tray component, once fetched. */
    Tray: () => loaded()?.Tray,
  };
}
