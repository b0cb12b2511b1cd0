/**
 * A part of a page that appears on a person's action — a dialog, the photo viewer, the post
 * composer's extra fields, a setup step — whose code is a chunk of its own, fetched the first time
 * the part is shown (or earlier with preload(), say on hover of the button that opens it). Until
 * it is here nothing shows (it takes a moment; the control that opened it keeps focus, so a
 * dialog's focus still returns there); if it cannot be fetched, an alert says so. No Suspense: the
 * page around it never blanks. Show it only when it is wanted (`<Show when={open()}>`), or it is
 * fetched with the page and saves nothing. bench/web.ts lists these chunks apart from the routes.
 */
import { createComponent, createSignal, Show, type Component, type ComponentProps } from "solid-js";
import { ErrorAlert } from "./Alert.tsx";
import { errorText } from "../lib/error-text.ts";
import { loadOnce } from "../lib/load-once.ts";

export function lazyPart<T extends Component<any>>(load: () => Promise<T>): T & { preload: () => Promise<T> } {
  let loaded: T | undefined;
  const preload = loadOnce(() => load().then((c) => (loaded = c)));
  const Part = (props: ComponentProps<T>) => {
    const [part, setPart] = createSignal<T | undefined>(loaded);
    const [failed, setFailed] = createSignal(false);
    if (!loaded) preload().then((c) => setPart(() => c), () => setFailed(true));
    return (
      <Show when={part()} fallback={failed() ? <ErrorAlert message={errorText({ reason: "errors.network" })} /> : null}>
        {(c) => createComponent(c(), props)}
      </Show>
    );
  };
  return Object.assign(Part as T, { preload });
}

/**
 * What opens on a person's action, as chunks of their own (lazyPart, above): the same
 * components under the same names, fetched the first time one is shown. A page shows them only
 * while open (`<Show when={…}>`), so it does not load their code to render; bench/web.ts lists
 * them apart ("on an action").
 */
export const ConfirmDialog = lazyPart(() => import("./ConfirmDialog.tsx").then((m) => m.ConfirmDialog));
export const ReportDialog = lazyPart(() => import("../features/reports/ReportDialog.tsx").then((m) => m.ReportDialog));
export const ReasonDialog = lazyPart(() => import("../features/admin/ReasonDialog.tsx").then((m) => m.ReasonDialog));
export const HideDialog = lazyPart(() => import("../features/admin/HideDialog.tsx").then((m) => m.HideDialog));
export const PhotoViewer = lazyPart(() => import("../features/albums/PhotoViewer.tsx").then((m) => m.PhotoViewer));
export const LikersDialog = lazyPart(() => import("../features/posts/LikersDialog.tsx").then((m) => m.LikersDialog));
/** The post composer where it opens on an action (editing a post); the feed's own is on the page. */
export const PostComposer = lazyPart(() => import("../features/posts/Composer.tsx").then((m) => m.Composer));
