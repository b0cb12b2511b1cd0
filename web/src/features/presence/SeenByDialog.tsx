/** Who has read a message of mine in a group (issue 13): the list behind "Seen by N" (SeenBy.tsx, which brings presence.css). */
import { createUniqueId, For, Show } from "solid-js";
import type { SeenBy } from "../../../../shared/presence.ts";
import { Dialog } from "../../components/Dialog.tsx";
import { t } from "../../i18n/index.ts";

export function SeenByDialog(props: { seen: SeenBy; onClose: () => void }) {
  const titleId = `seen-by-${createUniqueId()}`;
  return (
    <Dialog open onClose={props.onClose} labelledBy={titleId} class="seen-by-dialog">
      <h2 id={titleId}>{t("presence.seenByTitle")}</h2>
      <Show when={props.seen.people.length} fallback={<p>{t("presence.seenByNobody")}</p>}>
        <ul class="seen-by-list">
          <For each={props.seen.people}>{(p) => <li>{`${p.firstName} ${p.lastName}`.trim() || `@${p.username}`}</li>}</For>
        </ul>
        <Show when={props.seen.count > props.seen.people.length}>
          <p>{t("presence.seenByMore", { n: props.seen.count - props.seen.people.length })}</p>
        </Show>
      </Show>
      <button type="button" class="btn btn-small" onClick={() => props.onClose()}>
        {t("presence.close")}
      </button>
    </Dialog>
  );
}
