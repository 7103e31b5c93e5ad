export * from "./client/signing";
