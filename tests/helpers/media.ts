/** Uploads through the real media endpoint, as the web client does. */
import type { MediaInfo, MediaPurpose } from "../../shared/media.ts";
import type { TestClient } from "./client.ts";

export async function upload(srv: { url: string }, client: TestClient, purpose: MediaPurpose, bytes: Uint8Array): Promise<MediaInfo> {
  const res = await client.fetch(`${srv.url}/api/media?purpose=${purpose}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as MediaInfo;
}
