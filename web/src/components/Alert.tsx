/**
 * Live regions that are always in the DOM (so screen readers notice changes): an error alert
 * and a polite status line. Empty ones take no space.
 */
import type { JSX } from "solid-js";

export function ErrorAlert(props: { message?: string | null }) {
  return (
    <div role="alert" class={props.message ? "alert alert-error" : undefined}>
      {props.message ?? ""}
    </div>
  );
}

export function StatusMessage(props: { message?: string | null; tone?: "success" | "info"; children?: JSX.Element }) {
  return (
    <div role="status" class={props.message || props.children ? `alert alert-${props.tone ?? "success"}` : undefined}>
      {props.message ?? ""}
      {props.children}
    </div>
  );
}
