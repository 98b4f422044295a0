namespace ContactImport.Core.Sync;

/// <summary><c>full</c> replaces the owner's set (possibly in chunks); <c>delta</c> adds and removes against a token.</summary>
public enum SyncMode
{
    Full,
    Delta,
}

/// <summary>An owner's set is idle, or collecting the chunks of a full sync (a session is open).</summary>
public enum SyncSessionState
{
    Idle,
    Collecting,
}

/// <summary>What one sync request does to its owner's set.</summary>
public enum SyncMove
{
    /// <summary>A full sync in one request: writes the set and removes what it did not name.</summary>
    Single,

    /// <summary>The first chunk of a full sync: opens a session.</summary>
    Start,

    /// <summary>A later, not final chunk of the open session.</summary>
    Continue,

    /// <summary>The final chunk: removes what no chunk of the session named and closes it.</summary>
    Finish,

    /// <summary>Adds and removes against the current token.</summary>
    Delta,

    /// <summary>Refused: the token is not the current one (the set changed elsewhere; do a full sync).</summary>
    StaleToken,

    /// <summary>Refused: the session named is not the open one (it finished, or a newer full sync replaced it).</summary>
    UnknownSession,
}

/// <summary>The legal moves of a sync, in one place.</summary>
public static class SyncSessions
{
    public static SyncMove Decide(SyncSessionState state, Guid? openSession, string currentToken, SyncMode mode,
        Guid? session, bool final, string? token)
    {
        if (mode == SyncMode.Delta)
        {
            // Chunks change the set, so an open session has already replaced the token a client could hold.
            return token is not null && state == SyncSessionState.Idle && string.Equals(token, currentToken, StringComparison.Ordinal)
                ? SyncMove.Delta
                : SyncMove.StaleToken;
        }

        if (session is null)
        {
            // A new full sync abandons any open session: its chunks are older and the final removal drops them.
            return final ? SyncMove.Single : SyncMove.Start;
        }

        if (state != SyncSessionState.Collecting || session != openSession)
        {
            return SyncMove.UnknownSession;
        }

        return final ? SyncMove.Finish : SyncMove.Continue;
    }

    /// <summary>The session state after a move was applied.</summary>
    public static SyncSessionState After(SyncMove move) =>
        move is SyncMove.Start or SyncMove.Continue ? SyncSessionState.Collecting : SyncSessionState.Idle;
}
