using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary>Errors as <c>application/problem+json</c> with a human <c>detail</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string detail, string? title = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult ImportNotFound(Guid id) => Of(StatusCodes.Status404NotFound, $"Import {id} was not found.");
}
