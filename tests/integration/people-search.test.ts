/**
 * people.search (issue #11): anyone by a prefix of their first name, last name, username, or
 * "first last" — case, accents and Ukrainian letters included; a rename is found at once; blocks
 * hide people both ways; I am never in my own results; a cursor pages through everyone once.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FRIENDS_LIMITS, type PeoplePage } from "../../shared/friends.ts";
import { testBackends } from "../helpers/backends.ts";
import { rejection, uniqueUsername } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { befriend, named, refused, type Named } from "./friends-kit.ts";

/** Letters nobody else in this file has in a row: a stem only one test's people share. */
function stem(): string {
  const letters = "бвгджзклмнпрстфхцчшщ";
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(6))) out += letters[b % letters.length];
  return out[0]!.toUpperCase() + out.slice(1);
}

for (const backend of testBackends()) {
  describe(`finding people by name (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const search = (who: Named, query: string, limit = FRIENDS_LIMITS.pageMax) => who.client.trpc.people.search.query({ query, limit });
    /** The ids among `mine` that a search finds, in the order it gives them. */
    const finds = async (who: Named, query: string, mine: Named[]) => {
      const ids = new Set(mine.map((p) => p.user.id));
      return (await search(who, query)).items.map((i) => i.id).filter((id) => ids.has(id));
    };

    test("a prefix of the first name, the last name, the username or 'first last' finds a person, whatever the case and accents", async () => {
      const searcher = await named(srv, "Пошуковець", "Тестовий");
      const olena = await named(srv, "Олена", "Шевченко", uniqueUsername("olena.sh"));
      const jose = await named(srv, "José", "Álvarez");
      const all = [olena, jose];
      const cases: Array<[string, Named[]]> = [
        ["олЕ", [olena]],
        ["ШЕВЧ", [olena]],
        ["олена ш", [olena]],
        ["Шевченко Олена", [olena]],
        ["  олена    шевченко ", [olena]],
        [olena.user.username.slice(0, 9).toUpperCase(), [olena]],
        ["jose", [jose]],
        ["JOSÉ", [jose]],
        ["josé álv", [jose]],
        ["alvarez", [jose]],
        ["Álvarez Jo", [jose]],
        // A prefix, not any part of a word; and not a longer word.
        ["лена", []],
        ["ченко", []],
        ["оленка", []],
        ["jose x", []],
      ];
      const got = [];
      for (const [q] of cases) got.push([q, await finds(searcher, q, all)]);
      expect(got).toEqual(cases.map(([q, who]) => [q, who.map((p) => p.user.id)]));
    });

    test("Ukrainian letters і, ї, є, ґ and й are letters to search by, in either case", async () => {
      const searcher = await named(srv, "Шукач", "Літер");
      const s = stem();
      const ihor = await named(srv, "Ігор", `${s}ський`);
      const yizhak = await named(srv, "Їжак", `${s}енко`);
      const yevhen = await named(srv, "Євген", `${s}чук`);
      const gazda = await named(srv, "Ґражина", `Ґудзь${s}`);
      const yosyp = await named(srv, "Йосип", `${s}ак`);
      const all = [ihor, yizhak, yevhen, gazda, yosyp];
      const found = async (q: string) => (await finds(searcher, q, all)).sort();
      const id = (p: Named) => p.user.id;
      expect(await found("ігор")).toEqual([id(ihor)]);
      expect(await found("ІГО")).toEqual([id(ihor)]);
      expect(await found("їжак")).toEqual([id(yizhak)]);
      expect(await found("ЇЖА")).toEqual([id(yizhak)]);
      expect(await found("євг")).toEqual([id(yevhen)]);
      expect(await found("Є")).toEqual([id(yevhen)]);
      expect(await found("ґражина")).toEqual([id(gazda)]);
      expect(await found("ҐУДЗЬ")).toEqual([id(gazda)]);
      expect(await found("йосип")).toEqual([id(yosyp)]);
      expect(await found("ЙОС")).toEqual([id(yosyp)]);
      // The shared stem finds all five by last name; with the first name, one.
      expect(await found(s.toLowerCase())).toEqual([ihor, yizhak, yevhen, yosyp].map(id).sort());
      expect(await found(`${s}енко їжак`)).toEqual([id(yizhak)]);
      expect(await found(`ґудзь${s} ґр`)).toEqual([id(gazda)]);
    });

    test("after a rename in the settings the new name and username are found and the old ones are not", async () => {
      const searcher = await named(srv, "Шукачка", "Перейменувань");
      const s = stem();
      const who = await named(srv, `Марта${s}`, `Стара${s}`, uniqueUsername("oldname"));
      const oldUsername = who.user.username;
      expect(await finds(searcher, `марта${s}`, [who])).toEqual([who.user.id]);
      const newUsername = uniqueUsername("newname");
      await who.client.trpc.settings.update.mutate({
        firstName: `Зоряна${s}`,
        lastName: `Нова${s}`,
        username: newUsername,
        bio: "",
        birthDate: null,
        showBirthDate: false,
      });
      const got = {
        oldFirst: await finds(searcher, `марта${s}`, [who]),
        oldLast: await finds(searcher, `стара${s}`, [who]),
        oldUsername: await finds(searcher, oldUsername, [who]),
        newFirst: await finds(searcher, `зоряна${s}`, [who]),
        newBoth: await finds(searcher, `нова${s} зор`, [who]),
        newUsername: await finds(searcher, newUsername, [who]),
      };
      expect(got).toEqual({ oldFirst: [], oldLast: [], oldUsername: [], newFirst: [who.user.id], newBoth: [who.user.id], newUsername: [who.user.id] });
      const [card] = (await search(searcher, newUsername)).items;
      expect(card).toMatchObject({ id: who.user.id, username: newUsername, firstName: `Зоряна${s}`, lastName: `Нова${s}`, status: "none" });
    });

    test("blocked people are not found either way, the searcher never finds themselves, and cards say the status", async () => {
      const s = stem();
      const [me, blockedByMe, blockedMe, friend, plain] = await Promise.all(["Я", "Блок", "Блокує", "Друг", "Звичайна"].map((last) => named(srv, s, last)));
      const all = [me!, blockedByMe!, blockedMe!, friend!, plain!];
      await me!.client.trpc.blocks.add.mutate({ userId: blockedByMe!.user.id });
      await blockedMe!.client.trpc.blocks.add.mutate({ userId: me!.user.id });
      await befriend(me!, friend!);
      const id = (p: Named) => p.user.id;
      expect((await finds(me!, s, all)).sort()).toEqual([friend!, plain!].map(id).sort());
      expect((await finds(blockedByMe!, s, all)).sort()).toEqual([blockedMe!, friend!, plain!].map(id).sort());
      expect((await finds(blockedMe!, s, all)).sort()).toEqual([blockedByMe!, friend!, plain!].map(id).sort());
      // Not even by the exact username.
      expect(await finds(me!, blockedByMe!.user.username, all)).toEqual([]);
      expect(await finds(blockedMe!, me!.user.username, all)).toEqual([]);
      expect(await finds(me!, me!.user.username, all)).toEqual([]);
      const cards = (await search(me!, s)).items;
      expect(cards.find((c) => c.id === friend!.user.id)).toMatchObject({ status: "friends" });
      expect(cards.find((c) => c.id === plain!.user.id)).toMatchObject({ status: "none", mutualFriends: 0 });
      // Unblocked: found again.
      await me!.client.trpc.blocks.remove.mutate({ userId: blockedByMe!.user.id });
      expect(await finds(me!, blockedByMe!.user.username, all)).toEqual([blockedByMe!.user.id]);
    });

    test("a cursor pages through every match exactly once, the shortest matching name first", async () => {
      const searcher = await named(srv, "Гортач", "Сторінок");
      const s = stem();
      const low = s.toLowerCase();
      const made: Named[] = [];
      for (const suffix of ["", "а", "ин", "ович", "енко", "ук", "ак"]) made.push(await named(srv, "Петро", `${s}${suffix}`));
      made.push(await named(srv, `${s}ко`, "Іван"));
      const whole = (await search(searcher, low)).items.map((i) => i.id);
      expect(whole.sort()).toEqual(made.map((p) => p.user.id).sort());
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: PeoplePage = await searcher.client.trpc.people.search.query({ query: low, limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(made.map((p) => p.user.id).sort());
      // Best match first: the bare stem, then longer names in order.
      expect(seen[0]).toBe(made[0]!.user.id);
      expect(seen.slice(0, 2)).toEqual([made[0]!.user.id, made[1]!.user.id]);
      expect((await searcher.client.trpc.people.search.query({ query: low, limit: 3 })).items.map((i) => i.id)).toEqual(seen.slice(0, 3));
    });

    test("a query of more than 100 characters, or an empty or blank one, is BAD_REQUEST", async () => {
      const searcher = await named(srv, "Шукач", "Меж");
      const tooLong = await rejection(searcher.client.trpc.people.search.query({ query: "ю".repeat(FRIENDS_LIMITS.queryMax + 1) }));
      expect(tooLong.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { query: ["friends.queryTooLong"] } });
      expect(await search(searcher, "ю".repeat(FRIENDS_LIMITS.queryMax))).toEqual({ items: [], nextCursor: null });
      for (const query of ["", "   ", "\n\t "]) {
        const e = await rejection(searcher.client.trpc.people.search.query({ query }));
        expect(e.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { query: ["friends.queryEmpty"] } });
      }
      expect(await refused(searcher.client.trpc.people.search.query({} as never))).toBe("BAD_REQUEST errors.invalidInput");
      // Cursors are the server's own: anything else, however well formed, is friends.badCursor.
      const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      for (const cursor of ["%%%", forged(["оле", 1]), forged({ term: "a", id: "b" }), forged(["a\u0000", "b"]), forged(["a", "b\u0000"]), forged("x")]) {
        expect(await refused(searcher.client.trpc.people.search.query({ query: "оле", cursor }))).toBe("BAD_REQUEST friends.badCursor");
      }
      expect(await refused(searcher.client.trpc.people.search.query({ query: 5 } as never))).toBe("BAD_REQUEST errors.invalidInput");
    });
  });
}
