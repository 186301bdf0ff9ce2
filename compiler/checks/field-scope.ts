/**
 * The fields an expression or a length spec may name: those of one layout, up to a position. A layout
 * registers every field name first (so a reference to a later field can be told apart from an unknown
 * one), then publishes each field's model as it is built.
 */
import type * as M from "../model/model.js";

export class FieldScope {
  private readonly positions = new Map<string, number>();
  private readonly models = new Map<string, M.FieldModel>();
  /** Fields at or after this position are "later". */
  private current = Infinity;

  constructor(private readonly outer?: FieldScope) {}

  /** Registers a field name at a position (first registration wins, duplicates are reported elsewhere). */
  declare(name: string, position: number): void {
    if (name !== "" && !this.positions.has(name)) this.positions.set(name, position);
  }

  /** Makes a built field visible to the items after it. */
  publish(name: string, model: M.FieldModel): void {
    if (name !== "" && !this.models.has(name)) this.models.set(name, model);
  }

  /** Sets the position being checked: fields from here on are later. */
  at(position: number): this {
    this.current = position;
    return this;
  }

  /** Every field is visible (a `retry_when` is checked after the whole layout). */
  all(): this {
    this.current = Infinity;
    return this;
  }

  /** The model of an earlier field (or of an outer scope's field). */
  earlier(name: string): M.FieldModel | undefined {
    const position = this.positions.get(name);
    if (position !== undefined && position < this.current) return this.models.get(name);
    return position === undefined ? this.outer?.earlier(name) : undefined;
  }

  /** True when the name is a field of this layout at or after the current position. */
  isLater(name: string): boolean {
    const position = this.positions.get(name);
    return position !== undefined && position >= this.current;
  }

  /** The model of a field wherever it is (the positions are not considered). */
  any(name: string): M.FieldModel | undefined {
    return this.models.get(name) ?? this.outer?.any(name);
  }

  /** True when the name is a field of the enclosing layout only (an error block's envelope field). */
  isOuter(name: string): boolean {
    return !this.positions.has(name) && (this.outer?.has(name) ?? false);
  }

  has(name: string): boolean {
    return this.positions.has(name) || (this.outer?.has(name) ?? false);
  }

  names(): string[] {
    return [...this.positions.keys(), ...(this.outer?.names() ?? [])];
  }
}
