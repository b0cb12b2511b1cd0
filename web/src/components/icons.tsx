/** Small inline SVG icons. Decorative: always aria-hidden, the control carries the label. */
import type { JSX } from "solid-js";

const svg = (children: JSX.Element, props: { class?: string } = {}) => (
  <svg
    class={props.class}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    {children}
  </svg>
);

export const SunIcon = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </>,
  );

export const MoonIcon = () => svg(<path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />);

export const MenuIcon = () => svg(<path d="M4 6h16M4 12h16M4 18h16" />);

export const CloseIcon = () => svg(<path d="M6 6l12 12M18 6L6 18" />);

export const EyeIcon = () =>
  svg(
    <>
      <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </>,
  );

export const EyeOffIcon = () =>
  svg(
    <>
      <path d="M10.6 5.1A10.6 10.6 0 0 1 12 5c6.5 0 10 7 10 7a17.6 17.6 0 0 1-2.6 3.6M6.6 6.6C3.8 8.4 2 12 2 12s3.5 7 10 7a10.2 10.2 0 0 0 5.4-1.6" />
      <path d="M9.9 9.9a3 3 0 0 0 4.2 4.2M2 2l20 20" />
    </>,
  );

export const GlobeIcon = (props: { class?: string }) =>
  svg(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c-3 3.2-3 14.8 0 18M12 3c3 3.2 3 14.8 0 18" />
    </>,
    props,
  );

export const SparkIcon = (props: { class?: string }) =>
  svg(<path d="M12 3l1.9 5.6L19.5 10l-5.6 1.9L12 17.5l-1.9-5.6L4.5 10l5.6-1.4zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z" />, props);

export const ChevronLeftIcon = () => svg(<path d="M15 5l-7 7 7 7" />);

export const ChevronRightIcon = () => svg(<path d="M9 5l7 7-7 7" />);

export const ArrowLeftIcon = () => svg(<path d="M19 12H5M11 6l-6 6 6 6" />);

export const ArrowRightIcon = () => svg(<path d="M5 12h14M13 6l6 6-6 6" />);

export const TrashIcon = () => svg(<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />);

export const StarIcon = () => svg(<path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />);

export const PencilIcon = () => svg(<path d="M4 20h4L19 9l-4-4L4 16zM14 6l4 4" />);

export const SmileIcon = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M8.5 14.5c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8M9 9.5h.01M15 9.5h.01" />
    </>,
  );

export const PlusIcon = () => svg(<path d="M12 5v14M5 12h14" />);

export const UploadIcon = () => svg(<path d="M12 16V4M7 9l5-5 5 5M4 16v4h16v-4" />);

export const ImageIcon = (props: { class?: string }) =>
  svg(
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="M21 16l-5-5-9 9" />
    </>,
    props,
  );

export const GearIcon = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
    </>,
  );

export const SendIcon = () => svg(<path d="M4 12l16-8-6 16-2.5-6.5zM11.5 13.5L20 4" />);

export const PaperclipIcon = () =>
  svg(<path d="M20.5 11.5l-8.1 8.1a5 5 0 0 1-7.1-7.1l8.5-8.5a3.4 3.4 0 0 1 4.8 4.8l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />);

export const InfoIcon = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.5" />
    </>,
  );

export const MegaphoneIcon = () => svg(<path d="M3 10v4h4l8 5V5L7 10zM18.5 9a4 4 0 0 1 0 6" />);

export const UsersIcon = () =>
  svg(
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2a6.5 6.5 0 0 1 3.5 5.8" />
    </>,
  );

export const ChatIcon = () => svg(<path d="M4 5h16v11H9l-5 4z" />);

/** "More actions": three dots in a row. */
export const MoreIcon = () => svg(<path d="M5 12h.01M12 12h.01M19 12h.01" stroke-width="3" />);
