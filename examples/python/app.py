# The README's Python example (README "Use it"), verbatim between the markers, run against the
# wheel jsii-pacmak built into dist/python and aws-cdk-lib from PyPI by `npx projen languages`,
# which compares its templates with the TypeScript example's (test/languages.test.ts keeps the
# two copies equal).
# --- README example ---
from aws_cdk import App, Stack, Duration, aws_appstream as appstream
from cdk_appstream_imported_image import ImageSource, ImportedImage


app = App()
image_stack = Stack(app, "ImageStack")

image = ImportedImage(image_stack, "GoldenImage",
    source=ImageSource.from_ami_id("ami-0123456789abcdef0"),
    display_name="Golden Windows image",
    timeout=Duration.hours(3)
)

# In another stack: the fleet reads the image's ARN from an SSM parameter the image publishes
# once it is AVAILABLE. The fleet stack deploys after the image stack, and follows every new
# image (a new AMI) in the same `cdk deploy --all`.
fleet_stack = Stack(app, "FleetStack")
appstream.CfnFleet(fleet_stack, "Fleet",
    name="golden-fleet",
    instance_type="GeneralPurpose.t3.large",
    image_arn=image.reference_from(fleet_stack).image_arn,
    compute_capacity=appstream.CfnFleet.ComputeCapacityProperty(desired_instances=2)
)
# --- end of README example ---

app.synth()
