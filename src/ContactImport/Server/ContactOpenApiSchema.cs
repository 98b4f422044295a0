using ContactImport.Core.Contacts;
using ContactImport.Imports;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContactImport.Server;

/// <summary>The contact JSON is written by a converter, which the document generator cannot see into; this fills
/// its schema from <see cref="ContactSchema"/>, in the order <see cref="ContactJsonViewConverter"/> writes it.</summary>
internal sealed class ContactOpenApiSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ContactJsonView))
        {
            return Task.CompletedTask;
        }

        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["id"] = Integer() };
        foreach (var field in ContactSchema.Fields)
        {
            properties[field.Name] = Field(field);
            if (field.Slot == ScalarField.Phone)
            {
                properties["phone_e164"] = Text("The phone in E.164 form, the key contacts are matched on.");
            }
        }

        properties["extra_emails"] = Strings("Further e-mail addresses.");
        properties["extra_phones"] = Strings("Further phone numbers.");
        properties["custom_fields"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "Columns kept as custom fields: header → value.",
        };
        properties["imported_from"] = Text("The import that created the contact.");
        properties["created_at"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        properties["updated_at"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        properties["version"] = Integer();

        schema.Type = JsonSchemaType.Object;
        schema.Description = "A contact: every field of the schema by its wire name (null when empty).";
        schema.Properties = properties;
        schema.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    private static OpenApiSchema Field(ContactFieldSpec field) => field.Type switch
    {
        FieldType.Tags => Strings(field.Label),
        _ => new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            MaxLength = field.MaxLength,
            Description = field.Label,
            Format = field.Type switch
            {
                FieldType.Email => "email",
                FieldType.Url => "uri",
                _ => null,
            },
            // Birthdays may lack the year (--MM-DD), so no "date" format.
            Pattern = field.Type == FieldType.Date ? "^(\\d{4}|--)-\\d{2}-\\d{2}$" : null,
        },
    };

    private static OpenApiSchema Text(string description) =>
        new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };

    private static OpenApiSchema Integer() => new() { Type = JsonSchemaType.Integer, Format = "int64" };

    private static OpenApiSchema Strings(string description) => new()
    {
        Type = JsonSchemaType.Array,
        Items = new OpenApiSchema { Type = JsonSchemaType.String },
        Description = description,
    };
}
