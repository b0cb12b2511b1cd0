/** Icons of reports and blocking. Decorative: aria-hidden, the control carries the label. */
const svg = (d: string) => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d={d} />
  </svg>
);

export const FlagIcon = () => svg("M5 21V4M5 4h11l-2 4 2 4H5");

export const BlockIcon = () => svg("M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM5.6 5.6l12.8 12.8");
