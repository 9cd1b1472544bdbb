/**
 * The response serializer for the board snapshot, the one answer that grows with a board (10,000
 * task cards are several megabytes): plain `JSON.stringify`, without the app serializer's zod
 * pass over the whole answer, which took longer than building it. The snapshot is assembled only
 * by typed presenters that name every field they emit (no row is passed through, so no unknown
 * key can leak), and its conformance to the documented `BoardSnapshot` schema is checked by the
 * snapshot tests instead of on every request.
 */
export const trustedSerializerCompiler = () => (data: unknown): string => JSON.stringify(data);
