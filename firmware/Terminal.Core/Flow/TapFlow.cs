using Terminal.Core.Config;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Rules;
using Terminal.Core.Security;

namespace Terminal.Core.Flow
{
    /// <summary>
    /// The counter's state machine: amount entry, card taps, redemption, voids and balance checks.
    /// It owns no hardware; the main loop feeds it keys, card polls and time through
    /// <c>Step</c>, and it answers through the display and indicator ports.
    /// </summary>
    public sealed class TapFlow
    {
        /// <summary>Longest amount the keypad accepts (7 digits: 99,999.99).</summary>
        public const int MaxAmountDigits = 7;

        // Consecutive empty polls before a card counts as removed; the MFRC522 misses a poll now and then.
        private const int RemovalPolls = 2;

        private readonly Ledger.Ledger _ledger;
        private readonly TerminalSettings _settings;
        private readonly IDisplay _display;
        private readonly IIndicator _indicator;
        private readonly IClock _clock;
        private readonly Screen _screen = new Screen();
        private readonly CardUid _polled = new CardUid();
        private readonly CardUid _inField = new CardUid();
        private readonly CardState _card = new CardState();
        private readonly Transaction _first = new Transaction();
        private readonly Transaction _second = new Transaction();
        private readonly Transaction _lastTx = new Transaction();
        private readonly Transaction _third = new Transaction();
        private readonly CardCheck _check = new CardCheck();
        private readonly Transaction _evidence = new Transaction();
        private INtagCard _tapCard;
        private bool _verified;
        private bool _issuedNow;
        private bool _cardLookedUp;

        private EarnRules _rules;
        private VoucherCatalog _catalog;
        private FlowState _state;
        private long _stateSince;
        private long _lastActivity;
        private bool _cardPresent;
        private int _absentPolls;
        private int _amountMinor;
        private int _amountDigits;
        private int _category;
        private Voucher _voucher;
        private string _pin = string.Empty;
        private int _wrongPins;
        private long _lockedUntil;
        private bool _idleMaintained = true;

        /// <summary>Creates the flow and shows the idle screen.</summary>
        public TapFlow(Ledger.Ledger ledger, EarnRules rules, VoucherCatalog catalog, TerminalSettings settings, IDisplay display, IIndicator indicator, IClock clock)
        {
            _ledger = ledger;
            _rules = rules;
            _catalog = catalog;
            _settings = settings;
            _display = display;
            _indicator = indicator;
            _clock = clock;
            GoIdle();
        }

        /// <summary>Current state.</summary>
        public FlowState State
        {
            get { return _state; }
        }

        /// <summary>What the display shows now.</summary>
        public Screen Screen
        {
            get { return _screen; }
        }

        /// <summary>Rules in force (replaced by the cloud between taps).</summary>
        public EarnRules Rules
        {
            get { return _rules; }
            set { _rules = value; }
        }

        /// <summary>Catalogue in force (replaced by the cloud between taps).</summary>
        public VoucherCatalog Catalog
        {
            get { return _catalog; }
            set { _catalog = value; }
        }

        /// <summary>Asked before every redemption (the offline redemption cap); null allows all.</summary>
        public IRedemptionGuard RedemptionGuard { get; set; }

        /// <summary>
        /// Checks the retailer's signed credential on every tap when set (issue #8); null accepts a
        /// card by its UID alone (a terminal without card keys, or tests of the flow itself).
        /// </summary>
        public CardAuthenticator Authenticator { get; set; }

        /// <summary>True while a sale or redemption is in progress (config changes wait for idle).</summary>
        public bool Busy
        {
            get { return _state != FlowState.Idle && _state != FlowState.Balance && _state != FlowState.Result && _state != FlowState.Error; }
        }

        /// <summary>
        /// One turn of the main loop: handles a key (or '\0'), one card poll, timeouts and
        /// between-taps maintenance. Call every 20-50 ms.
        /// </summary>
        public void Step(char key, CardReadStatus poll, CardUid uid)
        {
            Step(key, poll, uid, null);
        }

        /// <summary>
        /// As <c>Step(key, poll, uid)</c>, with the NTAG21x behind a present card so its credential
        /// can be checked (null when the card is not an NTAG21x or the reader cannot tell).
        /// </summary>
        public void Step(char key, CardReadStatus poll, CardUid uid, INtagCard card)
        {
            _tapCard = card;
            long now = _clock.MonotonicMilliseconds;
            if (key != '\0')
            {
                _lastActivity = now;
                OnKey(key);
            }

            OnPoll(poll, uid);
            OnTime(now);
        }

        /// <summary>Polls the keypad and reader once and runs <c>Step</c>.</summary>
        public void Step(IKeypad keypad, ICardReader reader)
        {
            char key = keypad.ReadKey();
            CardReadStatus status = reader.Poll(_polled);
            ISecureCardReader secure = reader as ISecureCardReader;
            Step(key, status, _polled, status == CardReadStatus.Present && secure != null ? secure.Card : null);
        }

        private void OnPoll(CardReadStatus poll, CardUid uid)
        {
            if (poll == CardReadStatus.NoCard)
            {
                _absentPolls++;
                if (_absentPolls >= RemovalPolls)
                {
                    _cardPresent = false;
                }

                return;
            }

            _absentPolls = 0;
            if (poll == CardReadStatus.Torn)
            {
                // Nothing is recorded from a partial read.
                ShowHoldStill();
                return;
            }

            // A card left on the reader is one tap, however long it stays.
            if (_cardPresent && _inField.SameAs(uid))
            {
                return;
            }

            _cardPresent = true;
            _inField.CopyFrom(uid);
            _lastActivity = _clock.MonotonicMilliseconds;
            OnTap(uid);
        }

        private void OnTap(CardUid uid)
        {
            try
            {
                _verified = false;
                _issuedNow = false;
                _cardLookedUp = false;
                if (Authenticator != null && AcceptsTaps && !CheckCredential(uid))
                {
                    return;
                }

                if (_state == FlowState.TapPrompt)
                {
                    if (_voucher != null)
                    {
                        Redeem(uid);
                    }
                    else
                    {
                        Earn(uid);
                    }
                }
                else if (AcceptsTaps)
                {
                    ShowBalance(uid);
                }
            }
            catch (LedgerException e)
            {
                ShowError(e.Message, null, null);
            }
        }

        /// <summary>A read that did not complete records nothing; at the prompt the sale stays pending.</summary>
        private void ShowHoldStill()
        {
            if (_state == FlowState.TapPrompt)
            {
                _indicator.Signal(Signal.Error);
                _cardPresent = false;
                Show("Hold card still", _voucher != null ? "Redeem " + _voucher.Name : Money.Format(_amountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol), "and tap again", "*=cancel");
            }
            else if (AcceptsTaps)
            {
                ShowError("Hold card still", "and tap again", null);
            }
        }

        /// <summary>
        /// Checks the credential on the card (no card writes except enrolment of a blank card and the
        /// re-sign of a card signed with the previous key). Returns false when the tap must stop here;
        /// a refused card is recorded as a security event and nothing else.
        /// </summary>
        private bool CheckCredential(CardUid uid)
        {
            bool known = _ledger.Lookup(uid, _card);
            _cardLookedUp = true;
            if (_tapCard == null)
            {
                _check.Clear();
                Refuse(uid, SecurityReason.UnsupportedCard);
                return false;
            }

            CardOutcome outcome = Authenticator.Verify(_tapCard, uid, known, _check);
            if (outcome == CardOutcome.NeedsResign)
            {
                // The only tap that writes besides enrolment; a torn re-sign is retried next tap.
                Authenticator.Resign(_tapCard, uid, _check);
                outcome = CardOutcome.Valid;
            }

            if (outcome == CardOutcome.Torn)
            {
                ShowHoldStill();
                return false;
            }

            if (outcome == CardOutcome.Invalid)
            {
                Refuse(uid, _check.Reason);
                return false;
            }

            if (outcome == CardOutcome.Blank && _state == FlowState.TapPrompt && _voucher != null)
            {
                // A blank card has no points to redeem: do not issue it here.
                ShowError("Unknown card", "Earn points first", null);
                return false;
            }

            if (outcome == CardOutcome.Blank)
            {
                // Serial = this terminal + the sequence the Enrol record is about to get.
                uint serial = CredentialSerial.Make(_settings.TerminalNumber, (int)((_ledger.LastSequence + 1) % (CredentialSerial.MaxSequence + 1)));
                outcome = Authenticator.Enrol(_tapCard, uid, serial, _clock.UnixSeconds, _check);
                if (outcome == CardOutcome.Torn)
                {
                    ShowHoldStill();
                    return false;
                }

                if (outcome != CardOutcome.Valid)
                {
                    ShowError("Card not issued", SecurityEvent.ShortText(_check.Reason), "try another card");
                    return false;
                }

                _issuedNow = true;
            }

            _verified = true;
            return true;
        }

        private void Refuse(CardUid uid, SecurityReason reason)
        {
            if (reason == SecurityReason.NotProvisioned)
            {
                ShowError("No card keys", "Terminal needs", "provisioning");
                return;
            }

            if (reason != SecurityReason.UnsupportedCard || _card.Exists)
            {
                // A UID-only copy of a known card, or a bad credential: evidence for the cloud.
                SecurityEvent.Fill(_third, uid, _check, _clock.UnixSeconds);
                _third.Reference = (uint)reason;
                try
                {
                    _ledger.Commit(_third, null);
                }
                catch (LedgerException)
                {
                    // A full ledger must not turn a refused card into an accepted one.
                }
            }

            ShowError("Card not", "recognised", SecurityEvent.ShortText(reason));
        }

        /// <summary>States in which a card tap means something (a sale, a redemption or a balance check).</summary>
        private bool AcceptsTaps
        {
            get { return _state == FlowState.TapPrompt || !Busy; }
        }

        private void OnKey(char key)
        {
            _indicator.Signal(Signal.Key);
            switch (_state)
            {
                case FlowState.Idle:
                    if (IsDigit(key))
                    {
                        StartAmount();
                        AddDigit(key);
                    }
                    else if (key == 'A')
                    {
                        StartAmount();
                    }
                    else if (key == 'B')
                    {
                        StartVoucherSelect();
                    }
                    else if (key == 'C')
                    {
                        StartPin();
                    }

                    break;
                case FlowState.AmountEntry:
                    OnAmountKey(key);
                    break;
                case FlowState.CategorySelect:
                    OnCategoryKey(key);
                    break;
                case FlowState.TapPrompt:
                    if (key == '*')
                    {
                        GoIdle();
                    }
                    else if (key == 'D' && _voucher == null)
                    {
                        RecordAnonymousSale();
                    }

                    break;
                case FlowState.VoucherSelect:
                    OnVoucherKey(key);
                    break;
                case FlowState.PinEntry:
                    OnPinKey(key);
                    break;
                case FlowState.VoidConfirm:
                    if (key == '#')
                    {
                        Void();
                    }
                    else if (key == '*')
                    {
                        GoIdle();
                    }

                    break;
                default:
                    // Result, balance and error screens: any key returns to idle.
                    GoIdle();
                    break;
            }
        }

        private void OnTime(long now)
        {
            long inState = now - _stateSince;
            switch (_state)
            {
                case FlowState.Result:
                    if (inState >= _settings.ResultTimeoutMs)
                    {
                        GoIdle();
                    }

                    break;
                case FlowState.Balance:
                    if (inState >= _settings.BalanceTimeoutMs)
                    {
                        GoIdle();
                    }

                    break;
                case FlowState.Error:
                    if (inState >= _settings.ErrorTimeoutMs)
                    {
                        GoIdle();
                    }

                    break;
                case FlowState.Idle:
                    break;
                default:
                    if (now - _lastActivity >= _settings.EntryTimeoutMs)
                    {
                        GoIdle();
                    }

                    break;
            }

            // Maintenance only between taps, never while a shopper waits at the prompt.
            if (!Busy)
            {
                if (_ledger.NeedsMaintenance)
                {
                    RunMaintenance(false);
                }
                else if (_state == FlowState.Idle && !_idleMaintained && inState >= _settings.IdleMaintenanceMs)
                {
                    RunMaintenance(true);
                }
            }
        }

        private void RunMaintenance(bool all)
        {
            try
            {
                if (all)
                {
                    _ledger.MaintainAll();
                    _idleMaintained = true;
                }
                else
                {
                    _ledger.Maintain();
                }
            }
            catch (System.Exception)
            {
                // Maintenance is retried on the next turn; taps still work from the journal.
                MaintenanceFailures++;
            }
        }

        /// <summary>Maintenance attempts that threw (reported in diagnostics).</summary>
        public int MaintenanceFailures { get; private set; }

        private void StartAmount()
        {
            _amountMinor = 0;
            _amountDigits = 0;
            _voucher = null;
            Enter(FlowState.AmountEntry);
            ShowAmount();
        }

        private void OnAmountKey(char key)
        {
            if (IsDigit(key))
            {
                AddDigit(key);
            }
            else if (key == '*')
            {
                if (_amountDigits == 0)
                {
                    GoIdle();
                    return;
                }

                _amountMinor /= 10;
                _amountDigits--;
                ShowAmount();
            }
            else if (key == '#')
            {
                if (_amountMinor <= 0)
                {
                    return;
                }

                if (_rules.CategoryCount > 1)
                {
                    Enter(FlowState.CategorySelect);
                    ShowCategories();
                }
                else
                {
                    _category = 0;
                    StartTapPrompt();
                }
            }
            else if (key == 'D')
            {
                GoIdle();
            }
        }

        private void AddDigit(char key)
        {
            if (_amountDigits >= MaxAmountDigits || (_amountDigits == 0 && key == '0'))
            {
                return;
            }

            _amountMinor = (_amountMinor * 10) + (key - '0');
            _amountDigits++;
            ShowAmount();
        }

        private void ShowAmount()
        {
            Show("Sale amount", Money.Format(_amountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol), string.Empty, "#=OK *=del D=esc");
        }

        private void OnCategoryKey(char key)
        {
            if (key == '#')
            {
                _category = 0;
                StartTapPrompt();
            }
            else if (IsDigit(key) && (key - '0') < _rules.CategoryCount)
            {
                _category = key - '0';
                StartTapPrompt();
            }
            else if (key == '*')
            {
                Enter(FlowState.AmountEntry);
                ShowAmount();
            }
        }

        private void ShowCategories()
        {
            string[] lines = new string[3];
            for (int i = 0; i < 3; i++)
            {
                lines[i] = string.Empty;
            }

            // Two categories per line: "0 General 1 Beau".
            for (int i = 0; i < _rules.CategoryCount && i < 6; i++)
            {
                string name = _rules.CategoryNames[i];
                if (name.Length > 6)
                {
                    name = name.Substring(0, 6);
                }

                string cell = i.ToString() + " " + name;
                lines[i / 2] = (i % 2) == 0 ? cell.PadRight(8, ' ') : lines[i / 2] + cell;
            }

            Show("Category? #=" + _rules.CategoryNames[0], lines[0], lines[1], lines[2]);
        }

        private void StartTapPrompt()
        {
            Enter(FlowState.TapPrompt);
            if (_voucher != null)
            {
                Show("Redeem " + _voucher.Name, _voucher.CostPoints.ToString() + " pts", "Tap card", "*=cancel");
            }
            else
            {
                Show(Money.Format(_amountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol), _rules.CategoryNames[_category], "Tap card", "D=no card *=esc");
            }
        }

        private void StartVoucherSelect()
        {
            if (_catalog.Count == 0)
            {
                ShowError("No vouchers", "on offer", null);
                return;
            }

            Enter(FlowState.VoucherSelect);
            string[] lines = new string[] { string.Empty, string.Empty, string.Empty };
            for (int i = 0; i < _catalog.Count && i < 3; i++)
            {
                Voucher v = _catalog.At(i);
                lines[i] = (i + 1).ToString() + " " + v.Name;
            }

            Show("Voucher? *=esc", lines[0], lines[1], lines[2]);
        }

        private void OnVoucherKey(char key)
        {
            if (key == '*')
            {
                GoIdle();
                return;
            }

            if (!IsDigit(key))
            {
                return;
            }

            int index = key - '1';
            if (index < 0 || index >= _catalog.Count)
            {
                return;
            }

            _voucher = _catalog.At(index);
            _amountMinor = 0;
            _category = 0;
            StartTapPrompt();
        }

        private void StartPin()
        {
            if (_clock.MonotonicMilliseconds < _lockedUntil)
            {
                ShowError("Void locked", "try again later", null);
                return;
            }

            _pin = string.Empty;
            Enter(FlowState.PinEntry);
            ShowPin();
        }

        private void ShowPin()
        {
            Show("Void: PIN", new string('*', _pin.Length), string.Empty, "#=OK *=esc");
        }

        private void OnPinKey(char key)
        {
            if (IsDigit(key) && _pin.Length < 8)
            {
                // string + char would compile to span-based String.Concat, which nanoFramework lacks.
                _pin = _pin + new string(key, 1);
                ShowPin();
            }
            else if (key == '*')
            {
                GoIdle();
            }
            else if (key == '#')
            {
                if (_pin != _settings.CashierPin)
                {
                    _wrongPins++;
                    if (_wrongPins >= _settings.MaxPinAttempts)
                    {
                        _wrongPins = 0;
                        _lockedUntil = _clock.MonotonicMilliseconds + _settings.PinLockoutMs;
                        ShowError("Wrong PIN", "Void locked", null);
                    }
                    else
                    {
                        ShowError("Wrong PIN", null, null);
                    }

                    return;
                }

                _wrongPins = 0;
                if (!_ledger.GetLast(_lastTx) || !IsVoidable(_lastTx.Kind))
                {
                    ShowError("Nothing to void", null, null);
                    return;
                }

                Enter(FlowState.VoidConfirm);
                Show("Void #" + _lastTx.Sequence.ToString() + "?", Describe(_lastTx), Money.Format(_lastTx.AmountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol), "#=yes *=no");
            }
        }

        private static bool IsVoidable(TransactionKind kind)
        {
            return kind == TransactionKind.Earn || kind == TransactionKind.Redeem || kind == TransactionKind.AnonymousSale;
        }

        private static string Describe(Transaction t)
        {
            if (t.Kind == TransactionKind.Redeem)
            {
                return "Redeem " + (-t.Points).ToString() + "p";
            }

            if (t.Kind == TransactionKind.AnonymousSale)
            {
                return "Sale, no card";
            }

            return "Earn " + t.Points.ToString() + " pts";
        }

        private void Earn(CardUid uid)
        {
            LookUp(uid);
            if (_card.Blocked)
            {
                ShowError("Card blocked", "See staff", null);
                return;
            }

            uint now = _clock.UnixSeconds;
            bool enrol = !_card.Exists;
            int points = _rules.Compute(_amountMinor, _category, now);
            Fill(_second, TransactionKind.Earn, uid, now);
            _second.AmountMinor = _amountMinor;
            _second.Category = (byte)_category;
            _second.Points = points;
            if (enrol)
            {
                Fill(_first, TransactionKind.Enrol, uid, now);
                if (HasEvidence(uid))
                {
                    _ledger.Commit(_first, _evidence, _second);
                }
                else
                {
                    _ledger.Commit(_first, _second);
                }
            }
            else
            {
                _ledger.Commit(_second, null);
            }

            int balance = _card.Balance + points;
            Enter(FlowState.Result);
            _indicator.Signal(Signal.Success);
            Show(enrol ? "Welcome!" : "Thank you!", "+" + points.ToString() + " pts", "Balance " + balance.ToString(), Money.Format(_amountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol));
        }

        private void Redeem(CardUid uid)
        {
            Voucher v = _voucher;
            if (!LookUp(uid))
            {
                ShowError("Unknown card", "Earn points first", null);
                return;
            }

            uint now = _clock.UnixSeconds;
            if (_card.Blocked)
            {
                ShowError("Card blocked", "See staff", null);
                return;
            }

            if (v.IsExpired(now))
            {
                ShowError("Voucher expired", null, null);
                return;
            }

            if (_card.Balance < v.CostPoints)
            {
                ShowError("Not enough pts", "Balance " + _card.Balance.ToString(), "Needs " + v.CostPoints.ToString());
                return;
            }

            if (!v.IsUsableBy(_card.Balance, _card.VouchersUsed, now))
            {
                ShowError("Voucher already", "used on card", null);
                return;
            }

            string refusal = RedemptionGuard == null ? null : RedemptionGuard.Refuse(uid, v.CostPoints);
            if (refusal != null)
            {
                ShowError(refusal, "sync needed", null);
                return;
            }

            Fill(_first, TransactionKind.Redeem, uid, now);
            _first.Points = -v.CostPoints;
            _first.VoucherId = v.Id;
            _first.DiscountMinor = v.Kind == VoucherKind.FixedAmount ? v.Value : 0;
            _ledger.Commit(_first, null);
            Enter(FlowState.Result);
            _indicator.Signal(Signal.Success);
            string give = v.Kind == VoucherKind.FixedAmount
                ? Money.Format(v.Value, _settings.CurrencyDecimals, _settings.CurrencySymbol)
                : v.Value.ToString() + "%";
            Show("Give " + give, "off this sale", "-" + v.CostPoints.ToString() + " pts", "Balance " + (_card.Balance - v.CostPoints).ToString());
        }

        private void RecordAnonymousSale()
        {
            try
            {
                uint now = _clock.UnixSeconds;
                Fill(_first, TransactionKind.AnonymousSale, null, now);
                _first.AmountMinor = _amountMinor;
                _first.Category = (byte)_category;
                _ledger.Commit(_first, null);
                Enter(FlowState.Result);
                _indicator.Signal(Signal.Success);
                Show("Sale saved", "no card", Money.Format(_amountMinor, _settings.CurrencyDecimals, _settings.CurrencySymbol), string.Empty);
            }
            catch (LedgerException e)
            {
                ShowError(e.Message, null, null);
            }
        }

        private void Void()
        {
            try
            {
                uint now = _clock.UnixSeconds;
                Fill(_first, TransactionKind.Void, _lastTx.Uid.Length == 0 ? null : _lastTx.Uid, now);
                _first.AmountMinor = -_lastTx.AmountMinor;
                _first.Category = _lastTx.Category;
                _first.Points = -_lastTx.Points;
                _first.VoucherId = _lastTx.VoucherId;
                _first.DiscountMinor = -_lastTx.DiscountMinor;
                _first.Reference = _lastTx.Sequence;
                _ledger.Commit(_first, null);
                Enter(FlowState.Result);
                _indicator.Signal(Signal.Success);
                Show("Voided #" + _lastTx.Sequence.ToString(), Describe(_lastTx), "reversed", string.Empty);
            }
            catch (LedgerException e)
            {
                ShowError(e.Message, null, null);
            }
        }

        private void ShowBalance(CardUid uid)
        {
            bool known = LookUp(uid);
            if (_card.Blocked)
            {
                // Before enrolment: a blocked card this terminal never saw must not open an account.
                ShowError("Card blocked", "See staff", null);
                return;
            }

            if (!known)
            {
                // The first tap of an unknown card opens its account.
                uint now = _clock.UnixSeconds;
                Fill(_first, TransactionKind.Enrol, uid, now);
                _ledger.Commit(_first, HasEvidence(uid) ? _evidence : null);
                Enter(FlowState.Balance);
                _indicator.Signal(Signal.Success);
                Show("Welcome!", "Card registered", "Balance 0 pts", string.Empty);
                return;
            }

            uint time = _clock.UnixSeconds;
            string[] lines = new string[] { string.Empty, string.Empty };
            int shown = 0;
            for (int i = 0; i < _catalog.Count && shown < 2; i++)
            {
                Voucher v = _catalog.At(i);
                if (v.IsUsableBy(_card.Balance, _card.VouchersUsed, time))
                {
                    lines[shown] = "B" + (i + 1).ToString() + " " + v.Name;
                    shown++;
                }
            }

            Enter(FlowState.Balance);
            Show("Balance", _card.Balance.ToString() + " pts", shown == 0 ? "No vouchers yet" : lines[0], lines[1]);
        }

        /// <summary>
        /// After this terminal issued the card's credential: the originality signature read at
        /// enrolment, as a CardEvidence record to commit right after the Enrol (the cloud checks it
        /// against NXP's key and learns which serials this terminal issued).
        /// </summary>
        private bool HasEvidence(CardUid uid)
        {
            if (!_issuedNow || !_check.SignatureRead || !CardEvidence.Fits(uid))
            {
                return false;
            }

            CardEvidence.Fill(_evidence, uid, _check.Signature, 0);
            return true;
        }

        /// <summary>The card's account, read once per tap: the credential check already looked it up.</summary>
        private bool LookUp(CardUid uid)
        {
            if (_cardLookedUp)
            {
                return _card.Exists;
            }

            _cardLookedUp = true;
            return _ledger.Lookup(uid, _card);
        }

        private void Fill(Transaction t, TransactionKind kind, CardUid uid, uint now)
        {
            t.Clear();
            t.Kind = kind;
            t.Timestamp = now;
            if (uid != null)
            {
                t.Uid.CopyFrom(uid);
                if (_verified)
                {
                    // What the cloud needs to catch clones: the card's NFC counter on every tap,
                    // and on enrolment the credential serial written on the card.
                    t.CardCounter = _check.CounterRead ? _check.Counter : 0;
                    if (kind == TransactionKind.Enrol)
                    {
                        t.Reference = _check.Serial;
                    }
                }
            }
        }

        private void ShowError(string line0, string line1, string line2)
        {
            Enter(FlowState.Error);
            _indicator.Signal(Signal.Error);
            Show(line0, line1, line2, "any key: OK");
        }

        private void GoIdle()
        {
            _voucher = null;
            _amountMinor = 0;
            _amountDigits = 0;
            _idleMaintained = _ledger.PendingCount == 0;
            Enter(FlowState.Idle);
            Show("Ready", "A=sale B=voucher", "C=void", "or tap card");
        }

        private void Enter(FlowState state)
        {
            _state = state;
            _stateSince = _clock.MonotonicMilliseconds;
            _lastActivity = _stateSince;
        }

        private void Show(string line0, string line1, string line2, string line3)
        {
            _screen.Set(line0, line1, line2, line3);
            _display.Show(_screen);
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }
    }
}
