//! Clients generated from operations of public specs (`excerpts/specs/`, each excerpted
//! unchanged from the public corpus), driven against a real HTTP server on loopback: the
//! exact request each sends and what each makes of the answers real servers give.

use corpus_excerpts::r#box as box_;
use corpus_excerpts::{
    Binary, Error, Nullable, nexus, openai, openai_beta, petstore, stripe, tagged_errors,
    twilio_voice,
};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers every request with `response` and returns the server.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no `{name}` header"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn twilio_form_body_is_encoded_as_twilio_reads_it_and_unknown_enum_values_are_kept() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({
        "account_sid": "AC123",
        "sid": "BYaaaa",
        "friendly_name": null,
        "voice_url": "https://example.com/voice",
        // A method this client's enum does not list: kept, not an error.
        "voice_method": "PATCH",
        "cnam_lookup_enabled": true,
    })))
    .await;
    let client = twilio_voice::Client::builder(twilio_voice::Credentials::new("AC123:token"))
        .base_url(server.uri())
        .build()
        .unwrap();
    let body = twilio_voice::types::CreateByocTrunkRequest {
        friendly_name: Some("Main & backup".to_owned()),
        voice_url: Some("https://example.com/voice?x=1".to_owned()),
        voice_method: Some(twilio_voice::types::CreateByocTrunkRequestVoiceMethod::Post),
        cnam_lookup_enabled: Some(true),
        ..Default::default()
    };

    let trunk = client.create_byoc_trunk().body(&body).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/ByocTrunks");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    // base64("AC123:token")
    assert_eq!(header(&request, "authorization"), "Basic QUMxMjM6dG9rZW4=");
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "FriendlyName=Main+%26+backup&VoiceUrl=https%3A%2F%2Fexample.com%2Fvoice%3Fx%3D1\
         &VoiceMethod=POST&CnamLookupEnabled=true"
    );
    assert_eq!(trunk.status(), 201);
    let trunk = trunk.into_body();
    assert_eq!(
        trunk.voice_method,
        Some(twilio_voice::types::VoiceV1ByocTrunkVoiceMethod::Unknown(
            "PATCH".to_owned()
        ))
    );
    // In a response, null and absent both read as no value: one `Option`.
    assert_eq!(trunk.friendly_name, None);
    assert_eq!(trunk.voice_fallback_url, None);
    assert_eq!(trunk.sid.as_deref(), Some("BYaaaa"));
}

/// A Stripe client of the mock `server` holding a bearer key only.
fn stripe_client(server: &MockServer) -> stripe::Client {
    let credentials = stripe::Credentials::new().with_bearer_auth("sk_test_123");
    stripe::Client::builder(credentials)
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn stripe_deep_object_filters_go_in_brackets_and_a_bearer_key_is_enough() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "object": "list",
        "url": "/v1/coupons",
        "has_more": false,
        "data": [{
            "id": "25OFF", "object": "coupon", "created": 1700000000, "duration": "once",
            "percent_off": 25.0, "valid": true, "metadata": {}, "name": null,
        }],
    })))
    .await;
    let client = stripe_client(&server);
    let created = stripe::types::GetCouponsCreated::RangeQuerySpecs(
        stripe::types::GetCouponsCreatedRangeQuerySpecs {
            gte: Some(1_700_000_000),
            lt: Some(1_800_000_000),
            ..Default::default()
        },
    );
    let expand = ["data.applies_to".to_owned()];

    let coupons = client
        .get_coupons()
        .created(&created)
        .expand(&expand)
        .limit(3)
        .await
        .unwrap()
        .into_body();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v1/coupons");
    assert_eq!(
        request.url.query(),
        Some(
            "created%5Bgte%5D=1700000000&created%5Blt%5D=1800000000&expand%5B0%5D=data.applies_to&limit=3"
        )
    );
    assert_eq!(header(&request, "authorization"), "Bearer sk_test_123");
    assert!(request.body.is_empty());
    assert_eq!(coupons.data.len(), 1);
    let coupon = &coupons.data[0];
    assert_eq!(coupon.duration, stripe::types::CouponDuration::Once);
    assert_eq!(coupon.percent_off, Some(25.0));
    assert_eq!(coupon.name, None);
}

/// Stripe's customer list takes seven optional query parameters and an optional body: the
/// call names the one it sets and nothing else.
#[tokio::test]
async fn stripe_lists_ten_customers_in_one_short_expression() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "object": "list",
        "url": "/v1/customers",
        "has_more": true,
        "data": [
            {"id": "cus_1", "object": "customer", "created": 1700000000, "livemode": false,
             "email": "ann@example.com", "name": null},
            {"id": "cus_2", "object": "customer", "created": 1700000001, "livemode": false},
        ],
    })))
    .await;
    let client = stripe_client(&server);

    let customers = client.get_customers().limit(10).await.unwrap().into_body();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v1/customers");
    assert_eq!(request.url.query(), Some("limit=10"));
    assert_eq!(header(&request, "authorization"), "Bearer sk_test_123");
    assert!(request.body.is_empty());
    assert!(customers.has_more);
    let emails: Vec<Option<&str>> = customers.data.iter().map(|c| c.email.as_deref()).collect();
    // Optional and nullable: one `Option`, whether the server sent `null` or nothing.
    assert_eq!(emails, [Some("ann@example.com"), None]);
    assert_eq!(customers.data[0].name, None);
}

#[tokio::test]
async fn stripe_without_any_of_its_credentials_fails_before_sending() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let client = stripe::Client::builder(stripe::Credentials::new())
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = client.get_coupons().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("`basicAuth`, or `bearerAuth`"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn box_client(server: &MockServer) -> box_::Client {
    box_::Client::builder(box_::Credentials::new("box-token"))
        .base_url(server.uri())
        .build()
        .unwrap()
}

async fn box_tags(
    server: &MockServer,
) -> Result<
    corpus_excerpts::ResponseValue<box_::GetDocgenTemplatesIdTagsV20250Response>,
    Error<box_::GetDocgenTemplatesIdTagsV20250Error>,
> {
    box_client(server)
        .get_docgen_templates_id_tags_v2025_0("1234")
        .limit(5)
        .await
}

#[tokio::test]
async fn box_tells_its_two_success_statuses_apart() {
    let server = server_answering(ResponseTemplate::new(202).set_body_json(json!({
        "message": "Processing tags for this file."
    })))
    .await;
    let response = box_tags(&server).await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.into_body(),
        box_::GetDocgenTemplatesIdTagsV20250Response::Accepted(
            box_::types::DocGenTagsProcessingMessage {
                message: "Processing tags for this file.".to_owned()
            }
        )
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/docgen_templates/1234/tags");
    assert_eq!(request.url.query(), Some("limit=5"));
    assert_eq!(header(&request, "box-version"), "2025.0");
    assert_eq!(header(&request, "authorization"), "Bearer box-token");

    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "entries": [{"tag_content": "{{item.name}}", "tag_type": "text", "json_paths": ["item.name"]}],
        "limit": 5,
        "next_marker": null,
    })))
    .await;
    match box_tags(&server).await.unwrap().into_body() {
        box_::GetDocgenTemplatesIdTagsV20250Response::Ok(tags) => {
            let entries = tags.entries.expect("entries");
            assert_eq!(entries[0].tag_content, "{{item.name}}");
            assert_eq!(entries[0].tag_type, box_::types::DocGenTagTagType::Text);
        }
        other => panic!("expected the 200 variant, got {other:?}"),
    }
}

#[tokio::test]
async fn box_error_statuses_decode_into_their_own_variants() {
    let server = server_answering(ResponseTemplate::new(404).set_body_json(json!({
        "type": "error", "status": 404, "code": "not_found", "message": "No template 1234",
    })))
    .await;
    let error = box_tags(&server).await.unwrap_err();
    let Error::ErrorResponse(response) = error else {
        panic!("expected a documented error, got {error:?}");
    };
    assert_eq!(response.status(), 404);
    let box_::GetDocgenTemplatesIdTagsV20250Error::NotFound(body) = response.body() else {
        panic!("expected NotFound, got {:?}", response.body());
    };
    assert_eq!(body.message.as_deref(), Some("No template 1234"));
    assert_eq!(body.code, Some(box_::types::ClientErrorCode::NotFound));

    // A status the spec does not list falls to `default`.
    let server = server_answering(ResponseTemplate::new(418).set_body_json(json!({
        "type": "error", "message": "teapot",
    })))
    .await;
    let error = box_tags(&server).await.unwrap_err();
    assert!(
        matches!(&error, Error::ErrorResponse(r) if matches!(r.body(), box_::GetDocgenTemplatesIdTagsV20250Error::Default(_))),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_discriminated_union_decodes_by_its_tag_and_writes_the_tag_once() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "type": "ObjectExists", "message": "already there", "identifier": "42", "objectType": "file",
    })))
    .await;
    let client = tagged_errors::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = client.get_error().await.unwrap().into_body();
    let tagged_errors::types::ApiError::ObjectExists(exists) = &error else {
        panic!("expected ObjectExists, got {error:?}");
    };
    assert_eq!(exists.identifier, "42");
    assert_eq!(exists.r#type, "ObjectExists");
    let written = serde_json::to_string(&error).unwrap();
    assert_eq!(written.matches(r#""type""#).count(), 1, "{written}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&written).unwrap(),
        json!({"type": "ObjectExists", "message": "already there", "identifier": "42", "objectType": "file"})
    );

    // A variant built with a wrong or empty tag is written with its own, exactly once.
    let built =
        tagged_errors::types::ApiError::ValidationError(tagged_errors::types::ValidationError {
            r#type: String::new(),
            message: "bad".to_owned(),
            field: None,
        });
    let written = serde_json::to_value(&built).unwrap();
    assert_eq!(
        written,
        json!({"type": "ValidationError", "message": "bad"})
    );
    // And so it goes out in a request body.
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = tagged_errors::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    client.report_error(&built).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("POST", "/errors")
    );
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, json!({"type": "ValidationError", "message": "bad"}));

    // A tag no variant has is kept whole.
    let unknown: tagged_errors::types::ApiError =
        serde_json::from_value(json!({"type": "RateLimited", "message": "slow down"})).unwrap();
    assert_eq!(
        unknown,
        tagged_errors::types::ApiError::Unknown(
            json!({"type": "RateLimited", "message": "slow down"})
        )
    );
}

/// The boundary a multipart request declares in its `Content-Type`.
fn boundary(request: &Request) -> String {
    let content_type = header(request, "content-type");
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a multipart body: {content_type}"))
        .to_owned()
}

fn openai_client(server: &MockServer) -> openai::Client {
    openai::Client::builder(openai::Credentials::new("sk-test"))
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_query_string_written_in_the_path_is_sent_as_the_query_of_every_call() {
    use openai_beta::types::BetaDeleteResponseOpenaiBetaItem as Beta;
    let server = server_answering(ResponseTemplate::new(200)).await;
    let client = openai_beta::Client::builder(openai_beta::Credentials::new("sk-test"))
        .base_url(server.uri())
        .build()
        .unwrap();
    let answer = client
        .beta_delete_response("resp_1")
        .openai_beta(&[Beta::ResponsesMultiAgentV1])
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/responses/resp_1");
    assert_eq!(request.url.query(), Some("beta=true"));
    assert_eq!(header(&request, "openai-beta"), "responses_multi_agent=v1");
    assert_eq!(header(&request, "authorization"), "Bearer sk-test");

    // The 3.1 error schema's `anyOf [string, null]` fields decode as options.
    let server = server_answering(ResponseTemplate::new(404).set_body_json(json!({
        "type": "invalid_request_error", "message": "No response", "param": null, "code": null,
    })))
    .await;
    let client = openai_beta::Client::builder(openai_beta::Credentials::new("sk-test"))
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = client.beta_delete_response("resp_2").await.unwrap_err();
    let Error::ErrorResponse(response) = error else {
        panic!("expected a documented error, got {error:?}");
    };
    let openai_beta::BetaDeleteResponseError::NotFound(body) = response.body();
    assert_eq!(body.message, "No response");
    assert_eq!((body.param.as_deref(), body.code.as_deref()), (None, None));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("beta=true"));
    assert!(request.headers.get("openai-beta").is_none());
}

#[tokio::test]
async fn openai_file_upload_sends_the_bytes_as_a_file_part_with_its_name() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "id": "file-abc123", "object": "file", "bytes": 5, "created_at": 1677610602,
        "filename": "data.jsonl", "purpose": "fine-tune", "status": "uploaded",
    })))
    .await;
    // Not UTF-8: the bytes must arrive as they are.
    let bytes = vec![0xff, 0x00, b'{', 0x80, b'\n'];
    let upload = openai::types::CreateFileRequest {
        file: Binary::new(bytes.clone()).with_file_name("data.jsonl"),
        purpose: openai::types::CreateFileRequestPurpose::FineTune,
    };

    let file = openai_client(&server)
        .create_file(&upload)
        .await
        .unwrap()
        .into_body();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/files");
    assert_eq!(header(&request, "authorization"), "Bearer sk-test");
    let b = boundary(&request);
    let mut expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.jsonl\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&bytes);
    expected.extend_from_slice(
        format!(
            "\r\n--{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--{b}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
    assert_eq!(file.id, "file-abc123");
    assert_eq!(file.purpose, openai::types::OpenAiFilePurpose::FineTune);
    assert_eq!(file.filename, "data.jsonl");

    // JSON has no bytes: such content is refused there, never mangled.
    let refused = serde_json::to_string(&upload).unwrap_err();
    assert!(refused.to_string().contains("not UTF-8"), "{refused}");
}

#[tokio::test]
async fn openai_image_edit_sends_every_image_of_a_list_and_leaves_absent_fields_out() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "created": 1713833628, "data": [{"b64_json": "aGk="}],
    })))
    .await;
    let edit = openai::types::CreateImageEditRequest {
        image: openai::types::CreateImageEditRequestImage::List(vec![
            Binary::new(b"PNG-1".to_vec())
                .with_file_name("lotion.png")
                .with_content_type("image/png"),
            Binary::new(b"PNG-2".to_vec()).with_file_name("soap.png"),
        ]),
        prompt: "A gift basket".to_owned(),
        mask: None,
        model: openai::types::CreateImageEditRequestModel::GptImage1.into(),
        n: Nullable::Value(2),
        // `null` has no multipart form: an explicit null is left out, like an absent value.
        size: Nullable::Null,
        response_format: Nullable::Absent,
        user: None,
        quality: Nullable::Absent,
    };

    let images = openai_client(&server)
        .create_image_edit(&edit)
        .await
        .unwrap()
        .into_body();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/images/edits");
    let b = boundary(&request);
    let part = |name: &str, extra: &str, content: &str| {
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n{content}\r\n"
        )
    };
    let expected = [
        part(
            "image",
            "; filename=\"lotion.png\"\r\nContent-Type: image/png",
            "PNG-1",
        ),
        part(
            "image",
            "; filename=\"soap.png\"\r\nContent-Type: application/octet-stream",
            "PNG-2",
        ),
        part("prompt", "", "A gift basket"),
        part("model", "", "gpt-image-1"),
        part("n", "", "2"),
        format!("--{b}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), expected);
    assert_eq!(images.created, 1713833628);
    assert_eq!(images.data.as_ref().map(Vec::len), Some(1));
}

fn pet() -> petstore::types::Pet {
    petstore::types::Pet {
        id: Some(10),
        name: "doggie".to_owned(),
        category: None,
        photo_urls: vec!["https://example.com/1.png".to_owned()],
        tags: None,
        status: Some(petstore::types::PetStatus::Available),
    }
}

#[tokio::test]
async fn petstore_body_goes_in_the_media_type_the_caller_picks() {
    let answer = json!({"id": 10, "name": "doggie", "photoUrls": [], "status": "sold"});
    let client = |server: &MockServer| {
        petstore::Client::builder(petstore::Credentials::new("token"))
            .base_url(server.uri())
            .build()
            .unwrap()
    };

    // Form fields.
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&answer)).await;
    let added = client(&server)
        .add_pet(&petstore::AddPetBody::Form(pet()))
        .await
        .unwrap()
        .into_body();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/pet");
    assert_eq!(header(&request, "authorization"), "Bearer token");
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "id=10&name=doggie&photoUrls=https%3A%2F%2Fexample.com%2F1.png&status=available"
    );
    assert_eq!(added.status, Some(petstore::types::PetStatus::Sold));

    // JSON.
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&answer)).await;
    client(&server)
        .add_pet(&petstore::AddPetBody::Json(pet()))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        json!({"id": 10, "name": "doggie", "photoUrls": ["https://example.com/1.png"], "status": "available"})
    );

    // XML, which the client has no encoder for: the caller's bytes, as they are.
    let xml = b"<pet><name>doggie</name></pet>".to_vec();
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&answer)).await;
    client(&server)
        .add_pet(&petstore::AddPetBody::Xml(xml.clone()))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/xml");
    assert_eq!(request.body, xml);
}

fn nexus_disk(state: serde_json::Value) -> serde_json::Value {
    json!({
        "block_size": 4096, "description": "scratch", "device_path": "/mnt/scratch",
        "id": "5d1c7d5e-4c8f-4a0e-9d6c-3f0b8a1e2c44", "image_id": null, "name": "scratch",
        "project_id": "0b3f2c1a-9e8d-4c7b-a6f5-e4d3c2b1a098", "size": 1073741824,
        "snapshot_id": null, "state": state,
        "time_created": "2026-11-22T00:00:00Z", "time_modified": "2026-11-22T00:00:00Z",
    })
}

#[tokio::test]
async fn a_union_told_apart_by_a_one_value_property_writes_and_reads_its_tag() {
    use nexus::types::{
        DiskCreate, DiskSource, DiskSourceBlank, DiskState, DiskStateAttached, NameOrId,
    };

    let instance = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";
    let server = server_answering(ResponseTemplate::new(201).set_body_json(nexus_disk(
        json!({"state": "attached", "instance": instance}),
    )))
    .await;
    let client = nexus::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let create = DiskCreate {
        description: "scratch".to_owned(),
        disk_source: DiskSource::Blank(DiskSourceBlank { block_size: 4096 }),
        name: "scratch".to_owned(),
        size: 1 << 30,
    };

    let disk = client
        .disk_create_v1(&NameOrId::Name("web".to_owned()), &create)
        .await
        .unwrap()
        .into_body();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/disks");
    assert_eq!(request.url.query(), Some("project=web"));
    assert_eq!(header(&request, "content-type"), "application/json");
    // The variant's tag goes in the object, once, as the spec's `type` property.
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "description": "scratch",
            "disk_source": {"type": "blank", "block_size": 4096},
            "name": "scratch",
            "size": 1073741824,
        })
    );
    assert_eq!(
        disk.state,
        DiskState::Attached(DiskStateAttached {
            instance: instance.parse().unwrap()
        })
    );
}

#[tokio::test]
async fn a_variant_that_is_only_its_tag_is_a_unit_variant_and_an_unknown_tag_is_kept() {
    use nexus::types::DiskState;

    for (state, expected) in [
        (json!({"state": "creating"}), DiskState::Creating),
        (json!({"state": "faulted"}), DiskState::Faulted),
        (
            json!({"state": "migrating", "to": "sled-7"}),
            DiskState::Unknown(json!({"state": "migrating", "to": "sled-7"})),
        ),
    ] {
        let server =
            server_answering(ResponseTemplate::new(201).set_body_json(nexus_disk(state.clone())))
                .await;
        let client = nexus::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let create = nexus::types::DiskCreate {
            description: String::new(),
            disk_source: nexus::types::DiskSource::Unknown(json!({"type": "clone", "from": "d1"})),
            name: "d2".to_owned(),
            size: 512,
        };
        let disk = client
            .disk_create_v1(&nexus::types::NameOrId::Name("web".to_owned()), &create)
            .await
            .unwrap()
            .into_body();
        assert_eq!(disk.state, expected);
        // A source this client does not know is sent as it was given.
        let sent: serde_json::Value =
            serde_json::from_slice(&only_request(&server).await.body).unwrap();
        assert_eq!(sent["disk_source"], json!({"type": "clone", "from": "d1"}));
    }
}

/// A server that answers as a spec-driven one does: in JSON when the request accepts it, in
/// the spec's first media type (XML) otherwise.
async fn negotiating_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json("session 7"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<string>session 7</string>", "application/xml"),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_response_offered_as_xml_and_json_is_asked_for_as_json() {
    let server = negotiating_server().await;
    let client = petstore::Client::builder(petstore::Credentials::new("token"))
        .base_url(server.uri())
        .build()
        .unwrap();
    let session = client
        .login_user()
        .username("ann")
        .password("secret")
        .await
        .unwrap()
        .into_body();
    assert_eq!(session, "session 7");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/user/login");
    assert_eq!(request.url.query(), Some("username=ann&password=secret"));
    assert_eq!(header(&request, "accept"), "application/json");
}

#[tokio::test]
async fn a_hook_may_still_ask_for_another_media_type() {
    let server = negotiating_server().await;
    let client = petstore::Client::builder(petstore::Credentials::new("token"))
        .base_url(server.uri())
        .options(
            corpus_excerpts::Options::default().before_request(|_, request| {
                request.headers_mut().insert(
                    "accept",
                    reqwest::header::HeaderValue::from_static("application/xml"),
                );
            }),
        )
        .build()
        .unwrap();
    let error = client.login_user().await.unwrap_err();
    assert!(
        matches!(error, Error::InvalidResponsePayload { .. }),
        "the XML answer is not read as JSON: {error:?}"
    );
    assert_eq!(
        header(&only_request(&server).await, "accept"),
        "application/xml"
    );
}

#[tokio::test]
async fn nexus_login_returns_its_documented_redirect_instead_of_following_it() {
    let server = server_answering(
        ResponseTemplate::new(303).insert_header("Location", "/projects?session=abc"),
    )
    .await;
    let client = nexus::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let (silo, provider) = ("corp".to_owned(), "okta-1".to_owned());

    let answer = client
        .login_saml(&silo, &provider, b"SAMLResponse=PHNhbWw+".to_vec())
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(answer.header("location"), Some("/projects?session=abc"));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/login/corp/saml/okta-1");
    assert_eq!(header(&request, "content-type"), "application/octet-stream");
    assert_eq!(request.body, b"SAMLResponse=PHNhbWw+");
}

/// A body property that may be `null` has three states in a request, and each is sent as
/// itself: left out, `null` (which clears it), or a value.
#[tokio::test]
async fn a_nullable_body_property_is_left_out_sent_as_null_or_sent_with_a_value() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "id": "msg_1", "object": "thread.message", "created_at": 1700000000,
        "thread_id": "thread_1", "assistant_id": null, "run_id": null, "metadata": null,
    })))
    .await;
    let client = openai_client(&server);
    let tagged = openai::types::Metadata::from([("k".to_owned(), "v".to_owned())]);
    let states = [
        (Nullable::Absent, "{}"),
        (Nullable::Null, r#"{"metadata":null}"#),
        (Nullable::Value(tagged), r#"{"metadata":{"k":"v"}}"#),
    ];
    for (metadata, _) in &states {
        let body = openai::types::ModifyMessageRequest {
            metadata: metadata.clone(),
        };
        let message = client
            .modify_message("thread_1", "msg_1", &body)
            .await
            .unwrap()
            .into_body();
        // Read back, `null` is simply no value.
        assert_eq!(message.metadata, None);
        assert_eq!(message.run_id, None);
    }

    let requests = server.received_requests().await.unwrap();
    let sent: Vec<&str> = requests
        .iter()
        .map(|r| std::str::from_utf8(&r.body).unwrap())
        .collect();
    let expected: Vec<&str> = states.iter().map(|(_, body)| *body).collect();
    assert_eq!(sent, expected);
    assert!(requests.iter().all(|r| {
        r.method.as_str() == "POST"
            && r.url.path() == "/threads/thread_1/messages/msg_1"
            && header(r, "content-type") == "application/json"
    }));
}

/// Typed formats: Twilio's spec says `date-time`, and its API writes RFC 2822 dates; both
/// read as the instant. A value no reading fits leaves its optional field empty and is kept
/// aside on the response, rather than making the whole response unreadable.
#[tokio::test]
async fn dates_read_in_every_unambiguous_spelling_and_an_odd_optional_one_is_set_aside() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({
        "sid": "BYaaaa",
        "date_created": "Wed, 18 Aug 2010 20:01:40 +0000",
        "date_updated": "yesterday",
    })))
    .await;
    let client = twilio_voice::Client::builder(twilio_voice::Credentials::new("AC123:token"))
        .base_url(server.uri())
        .build()
        .unwrap();

    let trunk = client.create_byoc_trunk().await.unwrap();

    let created = trunk.date_created.expect("an RFC 2822 date reads");
    assert_eq!(created.to_rfc3339(), "2010-08-18T20:01:40+00:00");
    assert_eq!(trunk.date_updated, None);
    let unparsed = trunk.unparsed();
    assert_eq!(unparsed.len(), 1, "{unparsed:?}");
    assert_eq!(unparsed[0].value, json!("yesterday"));
    assert!(unparsed[0].reason.contains("date-time"), "{unparsed:?}");
    assert_eq!(trunk.sid.as_deref(), Some("BYaaaa"));
}

/// A required field has no "no value" to fall back to: a value that does not parse fails the
/// decoding, saying which value, and the raw body stays readable on the error.
#[tokio::test]
async fn an_odd_value_in_a_required_typed_field_fails_the_decoding_and_keeps_the_body() {
    let disk = json!({
        "id": "4c1dd7b8-0d76-4e8c-9a8a-38d4c6a9f3bd", "name": "d", "description": "",
        "project_id": "4c1dd7b8-0d76-4e8c-9a8a-38d4c6a9f3be", "size": 512, "block_size": 512,
        "device_path": "/d", "state": {"state": "detached"},
        "time_created": "the day before yesterday", "time_modified": "2024-01-02T03:04:05Z",
    });
    let server = server_answering(ResponseTemplate::new(201).set_body_json(&disk)).await;
    let client = nexus::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let create = nexus::types::DiskCreate {
        description: String::new(),
        disk_source: nexus::types::DiskSource::Unknown(json!({"type": "blank", "block_size": 512})),
        name: "d".to_owned(),
        size: 512,
    };

    let error = client
        .disk_create_v1(&nexus::types::NameOrId::Name("p".to_owned()), &create)
        .await
        .unwrap_err();

    let Error::InvalidResponsePayload { response, source } = &error else {
        panic!("expected InvalidResponsePayload, got {error:?}");
    };
    assert!(
        source.to_string().contains("\"the day before yesterday\""),
        "{source}"
    );
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body, disk);
}
