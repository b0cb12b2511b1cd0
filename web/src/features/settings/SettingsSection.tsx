/** One titled card of the settings page; its id is the anchor the page's contents link to. */
import type { JSX } from "solid-js";

export function SettingsSection(props: { id: string; title: string; lead?: string; children: JSX.Element }) {
  return (
    <section class="card settings-section" id={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.lead ? <p class="muted section-lead">{props.lead}</p> : null}
      {props.children}
    </section>
  );
}
