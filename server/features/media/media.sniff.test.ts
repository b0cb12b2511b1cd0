import { describe, expect, test } from "bun:test";
import { concat, makeExifApp1, makeGif, makeJpeg, makePng, makeWebp, makeZip, withApp1 } from "../../../tests/fixtures/images.ts";
import { checkStructure, sniffFormat } from "./media.sniff.ts";

const text = (s: string) => new TextEncoder().encode(s);

describe("sniffing the format from magic bytes", () => {
  test("each accepted format is recognised whatever its name or declared type", async () => {
    expect(sniffFormat(await makeJpeg(8, 8))).toBe("jpeg");
    expect(sniffFormat(makePng(8, 8))).toBe("png");
    expect(sniffFormat(await makeWebp(8, 8))).toBe("webp");
    expect(sniffFormat(makeGif(8, 8))).toBe("gif");
    expect(sniffFormat(text("GIF87a"))).toBe("gif");
  });

  test("text, HTML, SVG, a ZIP and a RIFF that is not WebP are not images", () => {
    for (const bytes of [
      text("just some text that pretends to be a .jpg"),
      text("<!doctype html><script>alert(1)</script>"),
      text('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      makeZip(),
      text("RIFF\x10\x00\x00\x00WAVEfmt "),
      new Uint8Array([0xff, 0xd8]),
      new Uint8Array(),
    ]) {
      expect(sniffFormat(bytes)).toBeNull();
    }
  });
});

describe("checking that an image ends where its format says", () => {
  test("well-formed files of every format pass, including a JPEG with an EXIF segment", async () => {
    const jpeg = await makeJpeg(40, 30);
    expect(checkStructure("jpeg", jpeg)).toBeNull();
    expect(checkStructure("jpeg", withApp1(jpeg, makeExifApp1()))).toBeNull();
    expect(checkStructure("png", makePng(40, 30))).toBeNull();
    expect(checkStructure("webp", await makeWebp(40, 30))).toBeNull();
    expect(checkStructure("gif", makeGif(40, 30))).toBeNull();
    expect(checkStructure("gif", makeGif(40, 30, { frames: 3 }))).toBeNull();
  });

  test("a progressive JPEG with several scans passes", async () => {
    const progressive = await new Bun.Image(makePng(64, 48)).jpeg({ progressive: true }).bytes();
    expect(checkStructure("jpeg", progressive)).toBeNull();
  });

  test("truncated files are refused in every format", async () => {
    const cut = (b: Uint8Array, keep = 0.6) => b.subarray(0, Math.floor(b.length * keep));
    expect(checkStructure("jpeg", cut(await makeJpeg(40, 30)))).toBe("truncated");
    expect(checkStructure("jpeg", (await makeJpeg(40, 30)).subarray(0, -2))).toBe("truncated");
    expect(checkStructure("png", cut(makePng(40, 30)))).toBe("truncated");
    expect(checkStructure("webp", cut(await makeWebp(40, 30)))).toBe("truncated");
    expect(checkStructure("gif", cut(makeGif(40, 30)))).toBe("truncated");
    expect(checkStructure("gif", makeGif(40, 30).subarray(0, -1))).toBe("truncated");
  });

  test("anything after the end marker (a polyglot) is refused in every format", async () => {
    const script = text("<script>alert(document.cookie)</script>");
    for (const tail of [script, makeZip(), new Uint8Array([0])]) {
      expect(checkStructure("jpeg", concat(await makeJpeg(40, 30), tail))).toBe("trailingData");
      expect(checkStructure("png", concat(makePng(40, 30), tail))).toBe("trailingData");
      expect(checkStructure("gif", concat(makeGif(40, 30), tail))).toBe("trailingData");
      expect(checkStructure("webp", concat(await makeWebp(40, 30), tail))).toBe("trailingData");
    }
  });

  test("a payload that ends with a fake JPEG end marker is still trailing data", async () => {
    const sneaky = concat(await makeJpeg(40, 30), text("<script>x</script>"), [0xff, 0xd9]);
    expect(checkStructure("jpeg", sneaky)).toBe("trailingData");
  });

  test("a WebP whose RIFF size disagrees with the file length is refused", async () => {
    const webp = await makeWebp(40, 30);
    const lying = webp.slice();
    new DataView(lying.buffer).setUint32(4, webp.length, true); // claims 8 bytes more than it has
    expect(checkStructure("webp", lying)).toBe("truncated");
  });

  test("a PNG with a damaged chunk checksum is refused", () => {
    const png = makePng(40, 30).slice();
    png[40] = png[40]! ^ 0xff; // inside IDAT
    expect(checkStructure("png", png)).toBe("malformed");
  });
});
