/**
 * A modal dialog on the native <dialog> (top layer, the page behind it inert). Escape and a
 * click on the backdrop call onClose; Tab and Shift+Tab cycle inside it; on close, focus goes
 * back to whatever had it when the dialog opened (or, if that is gone — say the dialog deleted
 * it — to the heading of its section). The content mounts only while open, so the
 * first focusable control (or the one marked `autofocus`) gets focus.
 */
import { createEffect, onCleanup, Show, type JSX } from "solid-js";
import { focusHeadingNear, sectionOf } from "../lib/focus.ts";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  /** id of the element holding the dialog's name (usually its heading). */
  labelledBy: string;
  class?: string;
  children: JSX.Element;
}

export function Dialog(props: DialogProps) {
  let dialog: HTMLDialogElement | undefined;
  let returnTo: HTMLElement | null = null;
  let returnSection: Element | null = null;

  const restoreFocus = () => {
    const target = returnTo;
    returnTo = null;
    if (target?.isConnected) target.focus();
    else focusHeadingNear(returnSection);
  };

  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) {
      returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      returnSection = sectionOf(returnTo);
      dialog.showModal();
    } else if (!props.open && dialog.open) {
      dialog.close();
      restoreFocus();
    }
  });
  onCleanup(() => {
    if (dialog?.open) {
      dialog.close();
      restoreFocus();
    }
  });

  const trapTab = (e: KeyboardEvent) => {
    if (e.key !== "Tab" || !dialog) return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialog}
      class={`dialog ${props.class ?? ""}`}
      aria-labelledby={props.labelledBy}
      aria-modal="true"
      on:cancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onKeyDown={trapTab}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself, outside its content box.
        if (e.target === dialog) props.onClose();
      }}
    >
      <Show when={props.open}>{props.children}</Show>
    </dialog>
  );
}
