/**
 * A button that opens the file chooser for images. The real <input type=file> is visually hidden
 * and out of the tab order (the button is what people focus); it keeps its accessible name so
 * tests and assistive tech can still find it. The input is cleared after each pick, so choosing
 * the same file again works.
 */
import type { JSX } from "solid-js";
import { ACCEPT_IMAGES } from "../lib/upload.ts";
import { UploadIcon } from "./icons.tsx";

export function ImagePicker(props: {
  label: string;
  inputLabel: string;
  multiple?: boolean;
  disabled?: boolean;
  primary?: boolean;
  onFiles: (files: File[]) => void;
  icon?: JSX.Element;
}) {
  let input: HTMLInputElement | undefined;
  return (
    <>
      <input
        ref={input}
        type="file"
        class="visually-hidden"
        tabindex="-1"
        accept={ACCEPT_IMAGES}
        multiple={props.multiple}
        aria-label={props.inputLabel}
        disabled={props.disabled}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = "";
          if (files.length) props.onFiles(files);
        }}
      />
      <button
        type="button"
        class={props.primary ? "btn btn-primary" : "btn"}
        disabled={props.disabled}
        onClick={() => input?.click()}
      >
        {props.icon ?? <UploadIcon />}
        {props.label}
      </button>
    </>
  );
}
