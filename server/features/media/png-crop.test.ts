import { describe, expect, test } from "bun:test";
import { makePng } from "../../../tests/fixtures/images.ts";
import { cropPngToSquare, decodePng, UnsupportedPngError } from "./png-crop.ts";

/** A PNG written by Bun.Image's own encoder (real filters), as the avatar pipeline gets it. */
const bunPng = (w: number, h: number) => new Bun.Image(makePng(w, h)).png().bytes();

function pixel(img: ReturnType<typeof decodePng>, x: number, y: number) {
  const at = y * img.stride + x * img.bpp;
  return [...img.pixels.subarray(at, at + img.bpp)];
}

describe("centre-cropping a PNG to a square", () => {
  test("a landscape image keeps its middle columns, pixel for pixel", async () => {
    const source = decodePng(await bunPng(300, 200));
    const { png, side } = cropPngToSquare(await bunPng(300, 200));
    const square = decodePng(png);
    expect([side, square.width, square.height]).toEqual([200, 200, 200]);
    for (const [x, y] of [[0, 0], [199, 0], [100, 100], [0, 199], [199, 199], [37, 151]] as const) {
      expect(pixel(square, x, y)).toEqual(pixel(source, x + 50, y));
    }
    expect((await new Bun.Image(png).metadata()).width).toBe(200);
  });

  test("a portrait image keeps its middle rows", async () => {
    const source = decodePng(await bunPng(120, 301));
    const square = decodePng(cropPngToSquare(await bunPng(120, 301)).png);
    expect([square.width, square.height]).toEqual([120, 120]);
    for (const [x, y] of [[0, 0], [119, 119], [60, 7]] as const) {
      expect(pixel(square, x, y)).toEqual(pixel(source, x, y + 90));
    }
  });

  test("a square image comes back unchanged", async () => {
    const png = await bunPng(64, 64);
    expect(cropPngToSquare(png).png).toBe(png);
  });

  test("formats it does not handle are refused so the caller can fall back", () => {
    expect(() => cropPngToSquare(new Uint8Array([1, 2, 3]))).toThrow(UnsupportedPngError);
    const palette = makePng(10, 5).slice();
    palette[25] = 3; // colour type byte in IHDR → indexed
    expect(() => cropPngToSquare(palette)).toThrow(UnsupportedPngError);
  });
});
