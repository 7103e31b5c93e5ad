import type { ApiTokenRecord } from "../../../provider/client/types";
import { TokenListBatcher } from "../../../provider/core/token-list-batcher";

function token(id: number, adminId: number): ApiTokenRecord {
  return {
    id, adminId, adminName: "jdoe", accessId: `id${id}`, status: 2, note: "", createdBy: "lmapi",
    createdOn: 0, lastUsedOn: 0, roles: [], type: "lmv1",
  };
}

describe("TokenListBatcher", () => {
  let now = 0;
  let calls: string[] = [];
  let release: () => void = () => undefined;
  const fetchList = jest.fn(async (adminId: number, type: string) => {
    calls.push(`${adminId}/${type}`);
    await new Promise<void>((resolve) => (release = resolve));
    return [token(1, adminId), token(2, adminId)];
  });

  beforeEach(() => {
    now = 0;
    calls = [];
    fetchList.mockClear();
  });

  it("answers concurrent reads of one admin with one list request", async () => {
    const batcher = new TokenListBatcher(fetchList, () => now);
    const reads = [1, 2, 3].map((id) => batcher.find(32, "lmv1", id));
    release();
    const found = await Promise.all(reads);
    expect(calls).toEqual(["32/lmv1"]);
    expect(found.map((t) => t?.id)).toEqual([1, 2, undefined]);
  });

  it("lists each admin and type separately", async () => {
    const batcher = new TokenListBatcher(fetchList, () => now);
    const a = batcher.find(32, "lmv1", 1);
    const first = release;
    const b = batcher.find(131, "lmv1", 1);
    const second = release;
    const c = batcher.find(32, "bearer", 1);
    first();
    second();
    release();
    await Promise.all([a, b, c]);
    expect(calls).toEqual(["32/lmv1", "131/lmv1", "32/bearer"]);
  });

  it("reuses a finished list while it is fresh, and lists again after", async () => {
    const batcher = new TokenListBatcher(fetchList, () => now, 2_000);
    const first = batcher.find(32, "lmv1", 1);
    release();
    await first;
    now = 1_999;
    await batcher.find(32, "lmv1", 2);
    expect(calls).toHaveLength(1);
    now = 2_000;
    const third = batcher.find(32, "lmv1", 2);
    release();
    await third;
    expect(calls).toHaveLength(2);
  });

  it("lists again after the provider changed a token of that admin", async () => {
    const batcher = new TokenListBatcher(fetchList, () => now);
    const first = batcher.find(32, "lmv1", 1);
    release();
    await first;
    batcher.invalidate(32);
    const second = batcher.find(32, "lmv1", 1);
    release();
    await second;
    expect(calls).toEqual(["32/lmv1", "32/lmv1"]);
  });

  it("does not keep a failed list", async () => {
    const failing = jest.fn(async () => {
      throw new Error("boom");
    });
    const batcher = new TokenListBatcher(failing, () => now);
    await expect(batcher.find(32, "lmv1", 1)).rejects.toThrow("boom");
    await expect(batcher.find(32, "lmv1", 1)).rejects.toThrow("boom");
    expect(failing).toHaveBeenCalledTimes(2);
  });
});
