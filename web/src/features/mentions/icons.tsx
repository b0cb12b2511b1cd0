/** Icons of the mentions feature (decorative: the control carries the label). */
const svg = (d: string, cls?: string) => (
  <svg class={cls} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d={d} />
  </svg>
);
export const BellIcon = () => svg("M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0");
export const BellOffIcon = (props: { class?: string }) => svg("M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l2 2H8M10 20a2 2 0 0 0 4 0M3 3l18 18", props.class);
export const SoundIcon = () => svg("M4 9v6h4l5 4V5L8 9zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11");
export const SoundOffIcon = () => svg("M4 9v6h4l5 4V5L8 9zM17 9l5 5M22 9l-5 5");
