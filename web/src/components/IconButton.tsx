/**
 * A button that shows only an icon: its label is both the accessible name and the tooltip, so the
 * two can never drift apart. The attributes it passes on are named one by one: a {...props} on
 * the <button> would bring solid's `spread` into every page (components/NavLink.tsx).
 */
import type { JSX } from "solid-js";

export function IconButton(props: {
  label: string;
  danger?: boolean;
  class?: string;
  onClick?: JSX.EventHandlerUnion<HTMLButtonElement, MouseEvent>;
  disabled?: boolean;
  autofocus?: boolean;
  "data-action"?: string;
  children: JSX.Element;
}) {
  return (
    <button
      type="button"
      class={`icon-button${props.danger ? " icon-danger" : ""}${props.class ? ` ${props.class}` : ""}`}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
      disabled={props.disabled}
      autofocus={props.autofocus}
      data-action={props["data-action"]}
    >
      {props.children}
    </button>
  );
}
