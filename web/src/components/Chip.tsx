/** One item of a `.chips` list: its content and a round × button that removes it. */
import type { JSX } from "solid-js";
import { CloseIcon } from "./icons.tsx";

export function Chip(props: { class?: string; removeLabel: string; onRemove: () => void; children: JSX.Element }) {
  return (
    <li class={props.class ? `chip ${props.class}` : "chip"}>
      {props.children}
      <button type="button" class="round-button chip-remove" aria-label={props.removeLabel} title={props.removeLabel} onClick={() => props.onRemove()}>
        <CloseIcon />
      </button>
    </li>
  );
}
