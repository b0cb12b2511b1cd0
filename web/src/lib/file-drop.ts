/**
 * Dropping files anywhere on the page: dragging files over the window sets
 * `dragging` (for an overlay) and a drop hands the files to onFiles. Drags that carry no files
 * (text, links) are left alone. Listens while the calling component is mounted.
 */
import { createSignal, onCleanup } from "solid-js";

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;

export function createFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = createSignal(false);
  // dragenter/dragleave fire for every child element crossed; count them to know when we left.
  let depth = 0;

  const onEnter = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    setDragging(true);
  };
  const onOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
  };
  const onLeave = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    depth = 0;
    setDragging(false);
    if (!hasFiles(e)) return;
    e.preventDefault();
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  };

  window.addEventListener("dragenter", onEnter);
  window.addEventListener("dragover", onOver);
  window.addEventListener("dragleave", onLeave);
  window.addEventListener("drop", onDrop);
  onCleanup(() => {
    window.removeEventListener("dragenter", onEnter);
    window.removeEventListener("dragover", onOver);
    window.removeEventListener("dragleave", onLeave);
    window.removeEventListener("drop", onDrop);
  });
  return dragging;
}
