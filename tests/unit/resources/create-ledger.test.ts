import { CreateLedger } from "../../../provider/resources/create-ledger";

describe("CreateLedger", () => {
  const key = CreateLedger.keyOf(32, "lmv1", "CI deploys");

  it("keys creates by owner, type and note", () => {
    expect(CreateLedger.keyOf(32, "lmv1", "a")).not.toBe(CreateLedger.keyOf(131, "lmv1", "a"));
    expect(CreateLedger.keyOf(32, "lmv1", "a")).not.toBe(CreateLedger.keyOf(32, "bearer", "a"));
    expect(CreateLedger.keyOf(32, "lmv1", "a")).not.toBe(CreateLedger.keyOf(32, "lmv1", "b"));
  });

  it("remembers tokens seen in state and tokens a tracked create returned", async () => {
    const ledger = new CreateLedger();
    ledger.remember(7);
    ledger.remember(undefined);
    expect(await ledger.track(key, Promise.resolve({ id: 8 }))).toEqual({ id: 8 });
    expect([7, 8, 9].map((id) => ledger.isKnown(id))).toEqual([true, true, false]);
  });

  it("passes a failed create's error through and remembers nothing", async () => {
    const ledger = new CreateLedger();
    await expect(ledger.track(key, Promise.reject(new Error("503")))).rejects.toThrow("503");
    await ledger.settle(key); // nothing left running
    expect(ledger.isKnown(0)).toBe(false);
  });

  it("settles only after every create under the key, including ones started while waiting", async () => {
    const ledger = new CreateLedger();
    const order: string[] = [];
    let finishFirst: (value: { id: number }) => void = () => undefined;
    const first = ledger.track(key, new Promise<{ id: number }>((resolve) => (finishFirst = resolve)));
    const settled = ledger.settle(key).then(() => order.push("settled"));
    await Promise.resolve();
    let finishSecond: (value: { id: number }) => void = () => undefined;
    const second = ledger.track(key, new Promise<{ id: number }>((resolve) => (finishSecond = resolve)));
    finishFirst({ id: 1 });
    await first;
    order.push("first");
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["first"]);
    finishSecond({ id: 2 });
    await second;
    await settled;
    expect(order).toEqual(["first", "settled"]);
    expect(ledger.isKnown(1) && ledger.isKnown(2)).toBe(true);
  });

  it("does not wait for creates under other keys", async () => {
    const ledger = new CreateLedger();
    void ledger.track(CreateLedger.keyOf(131, "lmv1", "other"), new Promise<{ id: number }>(() => undefined));
    await expect(ledger.settle(key)).resolves.toBeUndefined();
  });
});
