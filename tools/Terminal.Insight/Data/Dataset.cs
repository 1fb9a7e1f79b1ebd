namespace Terminal.Insight.Data;

/// <summary>A store (shop) and the currency its terminals use.</summary>
/// <param name="ShopId">Store id as in transactions.shop_id.</param>
/// <param name="Currency">ISO code from terminals.currency.</param>
/// <param name="Decimals">Minor-unit digits from terminals.decimals.</param>
public sealed record StoreInfo(string ShopId, string Currency, int Decimals);

/// <summary>
/// One tenant's history up to the end of the report window, held column-wise in memory
/// (about 40 bytes per transaction, so 1 million rows is about 40 MB). Voids and the sales they
/// reverse are already removed, so every remaining row counts. Rows are sorted by
/// (ts, terminal, seq), members by UID: the order never depends on the database engine.
/// </summary>
public sealed class Dataset
{
    internal Dataset(int capacity)
    {
        Kind = new byte[capacity];
        Ts = new long[capacity];
        Member = new int[capacity];
        Store = new short[capacity];
        Amount = new long[capacity];
        Category = new byte[capacity];
        Points = new int[capacity];
        Voucher = new int[capacity];
        Discount = new long[capacity];
    }

    /// <summary>Tenant (retailer) the rows belong to.</summary>
    public string TenantId { get; internal set; } = string.Empty;

    /// <summary>All stores of the tenant, sorted by id.</summary>
    public StoreInfo[] Stores { get; internal set; } = [];

    /// <summary>True for the stores the report was asked about.</summary>
    public bool[] Selected { get; internal set; } = [];

    /// <summary>Card UIDs, sorted ordinally; a member is an index into this array.</summary>
    public string[] MemberUids { get; internal set; } = [];

    /// <summary>Enrolment time per member (the Enrol row; the first transaction when the Enrol row is missing).</summary>
    public long[] EnrolTs { get; internal set; } = [];

    /// <summary>Store where each member enrolled.</summary>
    public short[] HomeStore { get; internal set; } = [];

    /// <summary>Members that had no Enrol row (their first transaction stands in).</summary>
    public int MembersWithoutEnrol { get; internal set; }

    /// <summary>Number of rows.</summary>
    public int Count { get; internal set; }

    /// <summary>Transaction kind (<see cref="TxKind"/>): Earn, Redeem, Enrol or AnonymousSale.</summary>
    public byte[] Kind { get; }

    /// <summary>Unix seconds.</summary>
    public long[] Ts { get; }

    /// <summary>Member index, -1 for an anonymous sale.</summary>
    public int[] Member { get; }

    /// <summary>Store index into <see cref="Stores"/>.</summary>
    public short[] Store { get; }

    /// <summary>Basket in minor units.</summary>
    public long[] Amount { get; }

    /// <summary>Product category.</summary>
    public byte[] Category { get; }

    /// <summary>Signed points change.</summary>
    public int[] Points { get; }

    /// <summary>Voucher id (0 = none).</summary>
    public int[] Voucher { get; }

    /// <summary>Voucher discount in minor units.</summary>
    public long[] Discount { get; }

    /// <summary>Earliest row time.</summary>
    public long MinTs { get; internal set; }

    /// <summary>Latest row time.</summary>
    public long MaxTs { get; internal set; }

    /// <summary>Rows read from the database (before removing voids).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Voids applied (each removed itself and the row it reversed).</summary>
    public int VoidsApplied { get; internal set; }

    /// <summary>Security events seen (not used by any metric).</summary>
    public int SecurityEvents { get; internal set; }

    /// <summary>The one currency of the selected stores.</summary>
    public string Currency { get; internal set; } = "EUR";

    /// <summary>Minor-unit digits of <see cref="Currency"/>.</summary>
    public int Decimals { get; internal set; } = 2;

    /// <summary>Index of a store id, or -1.</summary>
    public int StoreIndex(string shopId)
    {
        for (int i = 0; i < Stores.Length; i++)
        {
            if (Stores[i].ShopId == shopId)
            {
                return i;
            }
        }

        return -1;
    }
}
