using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Security;

namespace Terminal.Host.Tests.Security;

[TestClass]
public class CardExchangeCostTests
{
    [TestMethod]
    public void FrameFormulaReproducesTheDatasheetRadioTimes()
    {
        var model = new CardExchangeCost { WriteAckMs = 0 };
        foreach (NtagCommand command in new[] { NtagCommand.Read, NtagCommand.PasswordAuth, NtagCommand.ReadCounter, NtagCommand.ReadSignature })
        {
            (int toCard, int fromCard) = CardExchangeCost.FrameBytes(command);
            double formula = CardExchangeCost.FrameMs(toCard, fromCard);
            Assert.IsTrue(Math.Abs(formula - model.RadioMs(command)) < 0.2, $"{command}: formula {formula:0.000} ms vs {model.RadioMs(command)} ms");
        }

        // A WRITE frame and the card's frame delay, before programming starts: the listed 0.7 ms.
        Assert.IsTrue(Math.Abs(CardExchangeCost.FrameMs(8, 0) - 0.7) < 0.2);
    }

    [TestMethod]
    public void SpiOfAReadFollowsTheStatedRegisterScript()
    {
        // CRC of the request: 7 register accesses (14 bytes) + FIFO write of the 2 command bytes (3): 8 transactions, 17 bytes.
        // Transceive: 11 register accesses (22) + FIFO write of 2 + 2 CRC bytes (5) + FIFO read of 16 + 2 (19): 13, 46.
        // CRC of the answer: 7 register accesses (14) + FIFO write of the 16 data bytes (17): 8, 31.
        (int accesses, int bytes) = CardExchangeCost.Spi(NtagCommand.Read);
        Assert.AreEqual(29, accesses);
        Assert.AreEqual(94, bytes);
        var model = new CardExchangeCost { SpiClockHz = 5e6, SpiAccessMicros = 20 };
        Assert.AreEqual((94 * 8 / 5e6 * 1000) + (29 * 0.020), model.SpiMs(NtagCommand.Read), 1e-9);
        (int writeAccesses, _) = CardExchangeCost.Spi(NtagCommand.Write);
        Assert.AreEqual(21, writeAccesses);
    }

    [TestMethod]
    public void ModelFrameBytesMatchWhatTheSimulatedCardCounted()
    {
        var auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
        SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(1));
        var check = new CardCheck();
        SecurityKit.Tap(auth, card, false, check);
        Assert.AreEqual(CardOutcome.Valid, auth.Enrol(card, card.Uid, CredentialSerial.Make(1, 1), SecurityKit.Now, check));
        var counts = new Dictionary<NtagCommand, int>
        {
            [NtagCommand.GetVersion] = card.VersionReads,
            [NtagCommand.Read] = card.Reads,
            [NtagCommand.Write] = card.Writes,
            [NtagCommand.PasswordAuth] = card.PasswordAuths,
            [NtagCommand.ReadCounter] = card.CounterReads,
            [NtagCommand.ReadSignature] = card.SignatureReads,
        };
        CostTotals totals = new CardExchangeCost().Total(counts);
        Assert.AreEqual(card.Exchanges, totals.Exchanges);
        Assert.AreEqual(card.BytesToCard + card.BytesFromCard, totals.RadioBytes);
        Assert.AreEqual(totals.RadioMs + totals.SpiMs, totals.TotalMs, 1e-9);
    }
}
