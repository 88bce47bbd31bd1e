/** A change through the control API that the user can fix; the message says what to do. */
export class AdminRefusal extends Error {
  override readonly name = 'AdminRefusal';
}
