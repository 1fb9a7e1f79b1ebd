namespace Terminal.CardTrust;

/// <summary>A credential serial seen on a card: from the Enrol transaction (Reference = serial) a
/// terminal records when it enrols a card, or when a card valid elsewhere is new to its ledger.</summary>
/// <param name="Uid">Card UID, upper-case hex.</param>
/// <param name="Serial">The serial in the card's record (Terminal.Core.Security.CredentialSerial).</param>
public sealed record SerialSighting(string Uid, uint Serial);
