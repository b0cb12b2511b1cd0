/**
 * A button that shows only an icon: its label is both the accessible name and the tooltip, so the
 * two can never drift apart. Other attributes (data-*, aria-pressed, disabled, onClick) pass through.
 */
import { splitProps, type JSX } from "solid-js";

export function IconButton(
  props: Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, "aria-label" | "title" | "type"> & { label: string; danger?: boolean; children: JSX.Element },
) {
  const [own, rest] = splitProps(props, ["label", "danger", "class", "children"]);
  return (
    <button type="button" class={`icon-button${own.danger ? " icon-danger" : ""}${own.class ? ` ${own.class}` : ""}`} aria-label={own.label} title={own.label} {...rest}>
      {own.children}
    </button>
  );
}
