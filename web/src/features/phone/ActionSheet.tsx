/**
 * A bottom sheet of actions (issue 15, phones): a modal dialog (components/Dialog.tsx: focus stays
 * inside while open and goes back to where it was after; Escape and a tap outside dismiss it) at
 * the bottom of the screen, within a thumb's reach: an optional row of quick reactions, then one
 * full-width button per action, then "Cancel". Choosing anything closes the sheet first, then
 * runs it (so a dialog the action opens takes focus from the right place).
 */
import { For, Show, type JSX } from "solid-js";
import { Dialog } from "../../components/Dialog.tsx";
import { t } from "../../i18n/index.ts";
import "./action-sheet.css";

export interface SheetAction {
  /** Stable, for tests and styling: "reply", "edit", "delete"… */
  id: string;
  label: string;
  icon: () => JSX.Element;
  danger?: boolean;
  run: () => void;
}

let sheets = 0;

export function ActionSheet(props: {
  title: string;
  /** A line under the title (what the sheet is about: the message's first line). */
  subtitle?: string;
  /** Above the actions: quick reactions or anything else (it gets the close callback). */
  top?: (close: (then?: () => void) => void) => JSX.Element;
  actions: readonly SheetAction[];
  onClose: () => void;
}) {
  const id = `action-sheet-${++sheets}`;
  const close = (then?: () => void) => {
    props.onClose();
    then?.();
  };
  return (
    <Dialog open onClose={props.onClose} labelledBy={id} class="action-sheet">
      <div class="action-sheet-grip" aria-hidden="true" />
      <h2 id={id} class="action-sheet-title">
        {props.title}
      </h2>
      <Show when={props.subtitle}>
        <p class="action-sheet-subtitle">{props.subtitle}</p>
      </Show>
      <Show when={props.top}>{(top) => top()(close)}</Show>
      <ul class="action-sheet-list">
        <For each={props.actions}>
          {(action) => (
            <li>
              <button type="button" class="action-sheet-item" data-action={action.id} data-danger={action.danger ? "" : undefined} onClick={() => close(action.run)}>
                {action.icon()}
                <span>{action.label}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <button type="button" class="btn action-sheet-cancel" onClick={() => close()}>
        {t("phone.cancel")}
      </button>
    </Dialog>
  );
}
